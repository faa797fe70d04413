import { Observable, asyncScheduler, identity } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import { TimeoutError } from '../../errors/request-errors.js';

/**
 * Errors with a typed `TimeoutError(timeoutMs)` when the source has not emitted its first value within
 * `timeoutMs` of subscription, and unsubscribes the source (which aborts an in-flight request). Later values
 * are not limited. `timeoutMs <= 0`, `NaN` or `Infinity` means no timeout (the source is returned unchanged).
 * Inside `retryWithBackoff` it limits each attempt; outside it limits the whole operation.
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
  // What `timeout({ first, scheduler, with: throwError(TimeoutError) })` does, without its per-subscription
  // operator machinery (this runs once per HTTP attempt): the timer is scheduled after subscribing to the
  // source (so a source action due at the same time runs first), cleared by the first value.
  return (source) =>
    new Observable<T>((subscriber) => {
      let seen = false;
      let timer: Subscription | undefined;
      const inner = source.subscribe({
        next: (value) => {
          if (!seen) {
            seen = true;
            timer?.unsubscribe();
          }
          subscriber.next(value);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      if (!seen && !inner.closed) {
        timer = scheduler.schedule(() => {
          inner.unsubscribe();
          subscriber.error(new TimeoutError(timeoutMs));
        }, timeoutMs);
      }
      return () => {
        timer?.unsubscribe();
        inner.unsubscribe();
      };
    });
}
