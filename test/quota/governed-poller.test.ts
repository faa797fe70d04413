/**
 * The shared poller under a rate governor waits for its budget before it plans a tick: ids that come due while
 * creates hold the budget join one list read instead of queueing a retrieve each.
 */
import { describe, expect, it } from 'vitest';
import type { Observable } from 'rxjs';
import { createSoraClient } from '../../src/client.js';
import { createFakeTransport, type FakeRoute, videoFixture } from '../../src/testing/index.js';
import type { HttpRequest, HttpResponse, Transport } from '../../src/transport/types.js';
import { setupTracing } from '../helpers/otel.js';
import { testScheduler } from './helpers.js';

type Scheduler = ReturnType<typeof testScheduler>;

const completed = (n: number) => videoFixture({ id: `video_${n}`, created_at: 1000 + n });

function routes(): FakeRoute[] {
  return [
    { method: 'POST', path: '/videos', reply: { body: videoFixture({ id: 'video_new', status: 'queued' }) }, times: 9 },
    {
      method: 'GET',
      path: '/videos',
      reply: {
        body: { object: 'list', data: [4, 3, 2, 1].map(completed), first_id: null, last_id: null, has_more: false },
      },
      times: 9,
    },
    {
      method: 'GET',
      path: /^\/videos\/video_\d$/,
      reply: (r: HttpRequest) => ({ body: completed(Number(r.path.slice(-1))) }),
      times: 9,
    },
  ];
}

function governedClient(s: Scheduler, extra: object = {}, first: FakeRoute[] = []) {
  const fake = createFakeTransport([...first, ...routes()], { scheduler: s, latencyMs: 10 });
  const sent: Array<[number, string]> = [];
  const transport: Transport = (request: HttpRequest): Observable<HttpResponse> => {
    sent.push([s.now(), `${request.method} ${request.path}`]);
    return fake(request);
  };
  const sora = createSoraClient({
    transport,
    scheduler: s,
    apiKey: 'test',
    logLevel: 'silent',
    random: () => 1,
    // one request a second, no burst: every low request waits for the creates queued before it
    rateLimit: { requestsPerMinute: 60, burst: 1, reserve: 0 },
    ...extra,
  });
  return { sora, sent };
}

describe('shared poller under rateLimit', () => {
  it('ids that came due while creates held the budget are polled by one list read', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const { sora, sent } = governedClient(s);
      const done: string[] = [];
      for (let i = 0; i < 3; i++) sora.createVideo({ prompt: `job ${i}` }).subscribe();
      [1, 2, 3, 4].forEach((n, i) =>
        s.schedule(
          () =>
            sora
              .watchVideo(`video_${n}`, { intervalMs: 1000, minIntervalMs: 50 })
              .subscribe({ complete: () => done.push(`video_${n}@${s.now()}`) }),
          i * 100,
        ),
      );
      flush();
      // Planned at 3000 (when its permit came), the tick saw 4 ids due: one list read, no retrieve.
      expect(sent).toEqual([
        [0, 'POST /videos'],
        [1000, 'POST /videos'],
        [2000, 'POST /videos'],
        [3000, 'GET /videos'],
      ]);
      expect(done.sort()).toEqual(['video_1@3010', 'video_2@3010', 'video_3@3010', 'video_4@3010']);
    });
  });

  it('the tick spends the permit it waited for (no second wait) and records that wait on its span', async () => {
    const tracing = setupTracing();
    const s = testScheduler();
    s.run(({ flush }) => {
      const { sora, sent } = governedClient(s, { tracerProvider: tracing.provider });
      sora.createVideo({ prompt: 'first' }).subscribe();
      sora.watchVideo('video_1', { intervalMs: 1000 }).subscribe();
      s.schedule(() => sora.watchVideo('video_2', { intervalMs: 1000 }).subscribe(), 1500);
      flush();
      // video_1's tick waited 1000 ms and went out at once with that permit; video_2 (due at 1500) waited
      // for the next token, at 2000.
      expect(sent).toEqual([
        [0, 'POST /videos'],
        [1000, 'GET /videos/video_1'],
        [2000, 'GET /videos/video_2'],
      ]);
    });
    const ticks = (await tracing.spans()).filter((span) => span.name === 'sora.pollVideos');
    const waits = ticks.map((span) =>
      span.events
        .filter((e) => e.name === 'sora.rate_limit.wait')
        .map((e) => e.attributes?.['sora.rate_limit.wait_ms']),
    );
    expect(waits).toEqual([[1000], [500]]);
    await tracing.shutdown();
  });

  it('a watch that leaves while its tick waits for the budget cancels the wait and sends nothing', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const { sora, sent } = governedClient(s);
      sora.createVideo({ prompt: 'first' }).subscribe();
      const gone = sora.watchVideo('video_1', { intervalMs: 1000 }).subscribe();
      s.schedule(() => gone.unsubscribe(), 500);
      s.schedule(() => sora.watchVideo('video_2', { intervalMs: 1000 }).subscribe(), 600);
      flush();
      // video_1 left at 500 with its tick still waiting (the wait left the queue); video_2's own tick goes at 1000.
      expect(sent).toEqual([
        [0, 'POST /videos'],
        [1000, 'GET /videos/video_2'],
      ]);
    });
  });

  it('a permit paid for a tick whose ids all left goes to the next tick', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const running: FakeRoute = {
        method: 'GET',
        path: '/videos/video_2',
        reply: { body: videoFixture({ id: 'video_2', status: 'in_progress', progress: 10 }) },
        times: 9,
      };
      const { sora, sent } = governedClient(s, {}, [running]);
      const every5s = { intervalMs: 5000, minIntervalMs: 5000, maxIntervalMs: 5000 };
      const watch2 = sora.watchVideo('video_2', every5s).subscribe(); // polled at 0, next due at 5010
      const watch1 = sora.watchVideo('video_1', every5s);
      s.schedule(() => {
        const gone = watch1.subscribe(); // due at once; its tick waits for the token of 1000
        s.schedule(() => gone.unsubscribe(), 400);
      }, 100);
      s.schedule(() => sora.createVideo({ prompt: 'takes the token of 5000' }).subscribe(), 4900);
      s.schedule(() => watch2.unsubscribe(), 6000);
      flush();
      // The permit granted at 1000 (video_1 gone by then) was kept: video_2's poll at 5010 spends it instead of
      // waiting behind the create for the token of 6000.
      expect(sent).toEqual([
        [0, 'GET /videos/video_2'],
        [4900, 'POST /videos'],
        [5010, 'GET /videos/video_2'],
      ]);
    });
  });

  it('close() while a tick waits for its permit ends every watch with client_closed (the loop does not error)', () => {
    const s = testScheduler();
    const outcomes: string[] = [];
    s.run(({ flush }) => {
      const { sora, sent } = governedClient(s);
      const watch = (id: string) =>
        sora.watchVideo(id).subscribe({ error: (e: { code?: string }) => outcomes.push(`${id}:${e.code}@${s.now()}`) });
      sora.createVideo({ prompt: 'holds the budget' }).subscribe();
      watch('video_1'); // its tick starts waiting for the token of 1000
      s.schedule(() => watch('video_2'), 100); // joins after the wait began (closed after it, too)
      s.schedule(() => sora.close(), 500);
      flush();
      expect(sent).toEqual([[0, 'POST /videos']]);
    });
    expect(outcomes.sort()).toEqual(['video_1:client_closed@500', 'video_2:client_closed@500']);
  });

  it("a store that fails during the poller's wait fails the watch with that error, not the loop", () => {
    const s = testScheduler();
    const broken = new Error('store down');
    const failures: unknown[] = [];
    let sentCount = -1;
    s.run(({ flush }) => {
      const store = {
        take: () => {
          throw broken;
        },
        pause: () => undefined,
        reportRemaining: () => undefined,
      };
      const { sora, sent } = governedClient(s, { rateLimit: { requestsPerMinute: 60, burst: 1, store } });
      sora.watchVideo('video_1').subscribe({ error: (e) => failures.push(e) });
      flush();
      sentCount = sent.length;
    });
    expect(sentCount).toBe(0);
    expect(failures).toEqual([broken]);
  });
});
