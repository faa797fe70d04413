import { EmptyError, type Observable } from 'rxjs';
import { type RunHelpers, TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/errors/index.js';
import type { AttemptHooks, AttemptOutcome } from '../../src/streams/pipeline.js';
import { createRuntime } from '../../src/streams/runtime.js';
import { noopLogger } from '../../src/telemetry/logger-like.js';
import type { HttpRequest, HttpResponse } from '../../src/transport/types.js';

const ok: HttpResponse = { status: 200, headers: {}, data: { id: 'video_1' }, url: '/videos/video_1' };
const busy = new RateLimitError('slow down', { status: 429 });

/** Runs `body` on a fresh TestScheduler, with that scheduler at hand. */
function marbles(body: (scheduler: TestScheduler, helpers: RunHelpers) => void): void {
  const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
  scheduler.run((helpers) => body(scheduler, helpers));
}

/** A runtime on `scheduler` whose attempts are the given cold observables, in order; records what was sent. */
function setup(scheduler: TestScheduler, attempts: Observable<HttpResponse>[], hooks: AttemptHooks, timeoutMs = 0) {
  const sent: HttpRequest[] = [];
  const runtime = createRuntime(
    {
      transport: (request) => {
        sent.push(request);
        return attempts[sent.length - 1]!;
      },
      scheduler,
      logger: noopLogger,
      timeoutMs,
      random: () => 1,
      retry: { initialDelayMs: 10, maxDelayMs: 10 },
    },
    { env: {}, attemptHooks: hooks },
  );
  const get$ = runtime.operation('getVideoStatus', undefined, (scope) =>
    scope.send({ method: 'GET', path: '/videos/video_1' }),
  );
  return { get$, sent };
}

describe('pipeline attempt hooks (the rate governor seam)', () => {
  it('sends each attempt only once beforeAttempt emits, and reports every outcome to afterAttempt', () => {
    marbles((scheduler, { cold, expectObservable, flush }) => {
      const outcomes: [number | undefined, AttemptOutcome['kind']][] = [];
      const waits: number[] = [];
      const { get$, sent } = setup(scheduler, [cold('-#', undefined, busy), cold('-(r|)', { r: ok })], {
        beforeAttempt: (attempt) => {
          waits.push(attempt.request.resendCount ?? -1);
          return cold('---a');
        },
        afterAttempt: (attempt, outcome) => outcomes.push([attempt.request.resendCount, outcome.kind]),
      });
      // wait 3, attempt 0 errors at 4, backoff 10, wait 3, attempt 1 answers at 18.
      expectObservable(get$).toBe('18ms (r|)', { r: ok });
      flush();
      expect(waits).toEqual([0, 1]);
      expect(sent.map((r) => r.resendCount)).toEqual([0, 1]);
      expect(outcomes).toEqual([
        [0, 'error'],
        [1, 'response'],
      ]);
    });
  });

  it('waiting is outside the per-attempt timeout', () => {
    marbles((scheduler, { cold, expectObservable }) => {
      const { get$ } = setup(scheduler, [cold('--(r|)', { r: ok })], { beforeAttempt: () => cold('20ms a') }, 5);
      expectObservable(get$).toBe('22ms (r|)', { r: ok });
    });
  });

  it('unsubscribing while waiting sends nothing; unsubscribing a sent attempt reports cancelled', () => {
    marbles((scheduler, { cold, expectObservable, flush }) => {
      const outcomes: AttemptOutcome['kind'][] = [];
      const hooks: AttemptHooks = {
        beforeAttempt: () => cold('5ms a'),
        afterAttempt: (_a, outcome) => outcomes.push(outcome.kind),
      };
      const waiting = setup(scheduler, [cold('-(r|)', { r: ok })], hooks);
      expectObservable(waiting.get$, '^ 2ms !').toBe('');
      const inFlight = setup(scheduler, [cold('10ms (r|)', { r: ok })], hooks);
      expectObservable(inFlight.get$, '^ 7ms !').toBe('');
      flush();
      expect(waiting.sent).toHaveLength(0);
      expect(inFlight.sent).toHaveLength(1);
      expect(outcomes).toEqual(['cancelled']);
    });
  });

  it('a beforeAttempt that completes without a value fails the send (never a silent completion)', () => {
    marbles((scheduler, { cold, expectObservable, flush }) => {
      const { get$, sent } = setup(scheduler, [cold('-(r|)', { r: ok })], { beforeAttempt: () => cold('--|') });
      expectObservable(get$).toBe('--#', undefined, expect.any(EmptyError));
      flush();
      expect(sent).toHaveLength(0);
    });
  });

  it('an afterAttempt that throws does not break the request', () => {
    marbles((scheduler, { cold, expectObservable }) => {
      const { get$ } = setup(scheduler, [cold('-(r|)', { r: ok })], {
        afterAttempt: () => {
          throw new Error('bookkeeping bug');
        },
      });
      expectObservable(get$).toBe('-(r|)', { r: ok });
    });
  });
});
