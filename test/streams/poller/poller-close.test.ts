/**
 * `close()` is terminal for the shared poller too: every watch ends with `CancelledError` (`client_closed`), the
 * loop stops (no request and no timer afterwards), and a watch started after `close()` fails at once.
 */
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../../src/client.js';
import { createFakeTransport } from '../../../src/testing/fake-transport.js';
import { vid } from './helpers.js';

describe('shared poller and close()', () => {
  it('ends every watch with client_closed, sends nothing more and leaves no timer', () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const running = [1, 2, 3, 4].map((n) => vid(n, { status: 'in_progress', progress: 10 }));
    const transport = createFakeTransport(
      [
        {
          method: 'GET',
          path: '/videos',
          times: 1000,
          reply: { body: { object: 'list', data: running, first_id: null, last_id: null, has_more: false } },
        },
        {
          method: 'GET',
          path: /^\/videos\/video_/,
          times: 1000,
          reply: (r) => ({ body: vid(Number(r.path.slice(-1))) }),
        },
      ],
      { scheduler, latencyMs: 2 },
    );
    const sora = createSoraClient({
      apiKey: 'sk-test',
      baseURL: 'http://127.0.0.1:1/v1',
      transport,
      scheduler,
      logLevel: 'silent',
    });
    const outcomes: string[] = [];
    let sentAtClose = -1;
    scheduler.run(({ cold }) => {
      for (const n of [1, 2, 3, 4]) {
        sora.watchVideo(`video_${n}`, { intervalMs: 1000, minIntervalMs: 1000, maxIntervalMs: 1000 }).subscribe({
          error: (e: { code?: string }) => outcomes.push(`${n}:${e.code}@${scheduler.now()}`),
          complete: () => outcomes.push(`${n}:complete`),
        });
      }
      // a close in the middle of a tick (list requests every 1000 ms, answered 2 ms later)
      cold('3001ms x').subscribe(() => {
        sentAtClose = transport.requests.length;
        sora.close();
      });
    });
    expect(outcomes).toEqual([
      '1:client_closed@3001',
      '2:client_closed@3001',
      '3:client_closed@3001',
      '4:client_closed@3001',
    ]);
    expect(sentAtClose).toBe(4); // lists at 0, 1000, 2000, 3000; nothing after
    expect(transport.requests).toHaveLength(4);
    expect(scheduler.actions).toHaveLength(0); // no timer left behind: the loop ended

    let late: unknown;
    sora.watchVideo('video_9').subscribe({ error: (e: unknown) => (late = e) });
    expect(late).toMatchObject({ name: 'CancelledError', code: 'client_closed' });
    expect(transport.requests).toHaveLength(4);
  });
});
