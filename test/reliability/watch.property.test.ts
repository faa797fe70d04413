/**
 * Property: for arbitrary server histories (any order of queued / in_progress with any progress, repeats,
 * regressions, transient 5xx and 429 in between, ending in completed, failed, or never ending), the REAL client's
 * `watchVideo` emits no two consecutive equal states, every emission is a state the server sent, and it ends in
 * exactly one terminal notification: complete right after the one `completed`, or `VideoGenerationFailedError`,
 * or `TimeoutError` at the deadline. Nothing is requested after the end. Driven on virtual time.
 */
import fc from 'fast-check';
import { type Observable, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client.js';
import { errorFromResponse, isSoraError, TimeoutError, VideoGenerationFailedError } from '../../src/errors/index.js';
import type { Video, VideoStatus } from '../../src/streams/videos/types.js';
import type { HttpRequest, HttpResponse } from '../../src/transport/types.js';
import { SECRET } from './helpers.js';

type Step = { kind: 'state'; status: VideoStatus; progress: number } | { kind: 'error'; status: 429 | 500 | 503 };

const running = fc.record({
  kind: fc.constant('state' as const),
  status: fc.constantFrom<VideoStatus>('queued', 'in_progress'),
  progress: fc.integer({ min: 0, max: 100 }),
});
const transient = fc.record({
  kind: fc.constant('error' as const),
  status: fc.constantFrom<429 | 500 | 503>(429, 500, 503),
});
const ending = fc.option(fc.constantFrom<VideoStatus>('completed', 'failed'), { nil: undefined });
const history = fc.tuple(
  fc.array(fc.oneof({ weight: 4, arbitrary: running }, { weight: 1, arbitrary: transient }), { maxLength: 40 }),
  ending,
);

function video(status: VideoStatus, progress: number): Video {
  return {
    id: 'video_prop',
    object: 'video',
    model: 'sora-2',
    status,
    progress,
    created_at: 0,
    completed_at: status === 'completed' ? 1 : null,
    expires_at: null,
    prompt: 'p',
    size: '720x1280',
    seconds: '4',
    remixed_from_video_id: null,
    error: status === 'failed' ? { code: 'x', message: 'failed' } : null,
  };
}

const DEADLINE_MS = 1_000_000;

describe('watchVideo properties (real client, scripted transport, virtual time)', () => {
  it('emits distinct consecutive server states and ends in exactly one terminal notification', () => {
    fc.assert(
      fc.property(history, ([steps, end]) => {
        const script: Step[] = [...steps];
        if (end) script.push({ kind: 'state', status: end, progress: end === 'completed' ? 100 : 50 });
        const served: Array<{ status: VideoStatus; progress: number }> = [];
        let requests = 0;
        let ended = false;
        let requestsAfterEnd = 0;
        const transport = (_req: HttpRequest): Observable<HttpResponse> => {
          if (ended) requestsAfterEnd++;
          const step = script[Math.min(requests++, script.length - 1)] ?? {
            kind: 'state',
            status: 'queued',
            progress: 0,
          };
          if (step.kind === 'error') {
            return throwError(() =>
              errorFromResponse({ status: step.status, headers: {}, data: { error: { message: 'x' } } }),
            );
          }
          served.push({ status: step.status, progress: step.progress });
          return of({ status: 200, headers: {}, data: video(step.status, step.progress), url: '/videos/video_prop' });
        };
        const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
        scheduler.maxFrames = Number.POSITIVE_INFINITY; // virtual time runs until the watch ends
        const client = createSoraClient({
          apiKey: SECRET,
          baseURL: 'http://127.0.0.1:1/v1',
          transport,
          scheduler,
          logLevel: 'silent',
          maxRetries: 1,
          retry: { initialDelayMs: 10, maxDelayMs: 100 },
        });
        const emitted: Video[] = [];
        const terminals: string[] = [];
        // Failed polls are skipped without bound here (the default bound of 10 in a row has its own marble test), so
        // a server stuck on a transient error still ends at the deadline.
        const options = { intervalMs: 1000, deadlineMs: DEADLINE_MS, maxConsecutiveFailures: Infinity };
        client.watchVideo('video_prop', options).subscribe({
          next: (v) => {
            if (ended) terminals.push('next-after-end');
            emitted.push(v);
          },
          error: (e: unknown) => {
            terminals.push(
              e instanceof VideoGenerationFailedError
                ? 'failed'
                : e instanceof TimeoutError
                  ? 'timeout'
                  : `other:${String(e)}`,
            );
            expect(isSoraError(e)).toBe(true);
            ended = true;
          },
          complete: () => {
            terminals.push('complete');
            ended = true;
          },
        });
        scheduler.flush();

        expect(terminals).toHaveLength(1);
        expect(requestsAfterEnd).toBe(0);
        for (let i = 1; i < emitted.length; i++) {
          const [a, b] = [emitted[i - 1]!, emitted[i]!];
          expect(a.status === b.status && a.progress === b.progress).toBe(false);
        }
        for (const v of emitted) expect(served).toContainEqual({ status: v.status, progress: v.progress });
        expect(emitted.filter((v) => v.status === 'failed')).toEqual([]);
        const completedAt = emitted.findIndex((v) => v.status === 'completed');
        const firstTerminal = served.findIndex((s) => s.status === 'completed' || s.status === 'failed');
        const expected =
          firstTerminal === -1 ? 'timeout' : served[firstTerminal]!.status === 'completed' ? 'complete' : 'failed';
        expect(terminals[0]).toBe(expected);
        if (expected === 'complete') expect(completedAt).toBe(emitted.length - 1);
        else expect(completedAt).toBe(-1);
      }),
      { numRuns: 300, seed: 1127 },
    );
  });
});
