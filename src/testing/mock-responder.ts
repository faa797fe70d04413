import { defer, switchMap, throwError, timer } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import type { RequestOptions } from '../config/options.js';
import type { SoraClient } from '../client-types.js';
import type { SoraError } from '../errors/sora-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { withCancellation } from '../streams/operators/index.js';

/**
 * The operations of a `SoraClient` (what `failNext` and `calls` name).
 *
 * @example
 * ```ts
 * const method: MockSoraMethod = 'getVideoStatus';
 * ```
 */
export type MockSoraMethod = Exclude<keyof SoraClient, 'config' | 'promises' | 'close'>;

/**
 * One recorded call: the method and the arguments it was called with.
 *
 * @example
 * ```ts
 * expect(sora.calls[0]).toEqual({ method: 'getVideoStatus', args: ['video_1'] });
 * ```
 */
export type MockCall = { [M in MockSoraMethod]: { method: M; args: Parameters<SoraClient[M]> } }[MockSoraMethod];

/**
 * How a `MockSoraClient` answers: after `latencyMs` on the scheduler (synchronously when 0), or with the error
 * queued by `failNext`; `signal` / `cancel$` behave as in the real client.
 *
 * @example
 * ```ts
 * const responder = new MockResponder(asyncScheduler);
 * responder.respond('getVideoStatus', undefined, () => of(video));
 * ```
 */
export class MockResponder {
  /** Delay of every answer, in ms of scheduler time. */
  latencyMs = 0;
  private readonly failures = new Map<MockSoraMethod | '*', SoraError[]>();

  constructor(readonly scheduler: SchedulerLike) {}

  /** Queues `error` for the next execution of `method` (or of any method, for `'*'`). */
  failNext(method: MockSoraMethod | '*', error: SoraError): void {
    const queue = this.failures.get(method) ?? [];
    queue.push(error);
    this.failures.set(method, queue);
  }

  /** Removes and returns the error queued for `method` (its own queue first, then `'*'`). */
  takeFailure(method: MockSoraMethod): SoraError | undefined {
    return this.failures.get(method)?.shift() ?? this.failures.get('*')?.shift();
  }

  /**
   * On subscription: checks the per-call options like the real pipeline, takes a queued failure, then after the
   * latency subscribes to `answer()` (so it sees the state at answer time) or errors with the failure.
   */
  respond<T>(method: MockSoraMethod, options: RequestOptions | undefined, answer: () => Observable<T>): Observable<T> {
    const run$ = defer(() => {
      checkRequestOptions(options);
      const failure = this.takeFailure(method);
      return this.delayed(() => (failure ? throwError(() => failure) : answer()));
    });
    return run$.pipe(withCancellation<T>({ signal: options?.signal, cancel$: options?.cancel$ }));
  }

  /** Subscribes to `answer()` after the latency (at once when it is 0). */
  delayed<T>(answer: () => Observable<T>): Observable<T> {
    const answer$ = defer(answer);
    return defer(() =>
      this.latencyMs > 0 ? timer(this.latencyMs, this.scheduler).pipe(switchMap(() => answer$)) : answer$,
    );
  }
}

function checkRequestOptions(options: RequestOptions | undefined): void {
  const timeoutMs = options?.timeoutMs;
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0)) {
    throw new ValidationError('timeoutMs', 'must be a number >= 0');
  }
  const maxRetries = options?.maxRetries;
  if (maxRetries !== undefined && (!Number.isInteger(maxRetries) || maxRetries < 0)) {
    throw new ValidationError('maxRetries', 'must be a non-negative integer');
  }
}
