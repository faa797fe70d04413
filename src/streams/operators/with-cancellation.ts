import { Observable, takeUntil } from 'rxjs';
import type { MonoTypeOperatorFunction, ObservableInput } from 'rxjs';
import { CancelledError } from '../../errors/request-errors.js';

/** How a caller can cancel a stream. */
export interface CancellationOptions {
  /** Aborting it (or passing one already aborted) errors the stream with `CancelledError`. */
  signal?: AbortSignal;
  /** Its first value *completes* the stream (no error). Its error errors the stream; completing empty does nothing. */
  cancel$?: ObservableInput<unknown>;
}

/**
 * Makes a stream cancellable. Either way the source is unsubscribed, which aborts an in-flight request and
 * cancels a pending retry wait, so no further attempt starts. The `abort` listener is removed on teardown.
 * Apply it last in a pipe (it contains `takeUntil`).
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * request$.pipe(retryWithBackoff(config), withCancellation({ signal: ac.signal, cancel$: stop$ }));
 * ac.abort(); // -> CancelledError
 * ```
 */
export function withCancellation<T>(options: CancellationOptions): MonoTypeOperatorFunction<T> {
  const { signal, cancel$ } = options;
  return (source) => {
    const aborted = signal ? abortable(source, signal) : source;
    return cancel$ ? aborted.pipe(takeUntil(cancel$)) : aborted;
  };
}

/**
 * The `CancelledError` for an aborted signal. The reason's message is kept (redacted like every
 * `SoraError` message) when it is an `Error`; other reasons only go to `cause`.
 *
 * @example
 * ```ts
 * cancelledErrorFrom(AbortSignal.abort(new Error('user left'))).message; // 'Request was cancelled: user left'
 * ```
 */
export function cancelledErrorFrom(signal: AbortSignal): CancelledError {
  const reason: unknown = signal.reason;
  const detail = reason instanceof Error && reason.message ? `: ${reason.message.slice(0, 200)}` : '';
  return new CancelledError(`Request was cancelled${detail}`, reason === undefined ? {} : { cause: reason });
}

function abortable<T>(source: Observable<T>, signal: AbortSignal): Observable<T> {
  return new Observable<T>((subscriber) => {
    if (signal.aborted) {
      subscriber.error(cancelledErrorFrom(signal));
      return undefined;
    }
    const onAbort = (): void => subscriber.error(cancelledErrorFrom(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    const subscription = source.subscribe(subscriber);
    return () => {
      signal.removeEventListener('abort', onAbort);
      subscription.unsubscribe();
    };
  });
}
