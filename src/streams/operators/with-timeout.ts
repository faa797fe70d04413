import { asyncScheduler, identity, throwError, timeout } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { MAX_TIMER_MS } from '../../config/defaults.js';
import { TimeoutError } from '../../errors/request-errors.js';

/**
 * Errors with a typed `TimeoutError(timeoutMs)` when the source has not emitted its first value within
 * `timeoutMs` of subscription, and unsubscribes the source (which aborts an in-flight request). Later values
 * are not limited. It is `timeout({ first, with, scheduler })`. `timeoutMs <= 0`, `NaN` or `Infinity` means no
 * timeout (the source is returned unchanged). Inside `retryWithBackoff` it limits each attempt; outside it
 * limits the whole operation.
 *
 * ```text
 * source:                 ------a--b|
 * withTimeout(3):         ---#            TimeoutError(3), source unsubscribed
 * source:                 --a-----b|
 * withTimeout(3):         --a-----b|      only the first value is timed
 * ```
 *
 * @example
 * ```ts
 * defer(() => transport(request)).pipe(withTimeout(30_000), retryWithBackoff(config));
 * ```
 */
export function withTimeout<T>(
  timeoutMs: number,
  scheduler: SchedulerLike = asyncScheduler,
): MonoTypeOperatorFunction<T> {
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return identity;
  return timeout({
    first: Math.min(timeoutMs, MAX_TIMER_MS), // Node's timer limit (a longer one fires at once, with a warning)
    scheduler,
    with: () => throwError(() => new TimeoutError(timeoutMs)),
  });
}
