import { defer, fromEvent, identity, map, of, takeUntil } from 'rxjs';
import type { MonoTypeOperatorFunction, Observable, ObservableInput } from 'rxjs';
import { CancelledError } from '../../errors/request-errors.js';

/** How a caller can cancel a stream. */
export interface CancellationOptions {
  /** Aborting it (or passing one already aborted) errors the stream with `CancelledError`. */
  signal?: AbortSignal;
  /** Its first value *completes* the stream (no error). Its error errors the stream; completing empty does nothing. */
  cancel$?: ObservableInput<unknown>;
}

/**
 * Makes a stream cancellable: `takeUntil` of the signal's `abort` event (turned into a `CancelledError`, at once
 * for a signal already aborted, before the source is subscribed), then `takeUntil(cancel$)`. Either way the
 * source is unsubscribed, which aborts an in-flight request and cancels a pending retry wait, so no further
 * attempt starts. The `abort` listener is removed on teardown. Without options it is `identity`.
 * Apply it last in a pipe (it contains `takeUntil`).
 *
 * ```text
 * source:            --a-----b--|
 * signal aborted:    -----^
 * output:            --a--#             CancelledError, source unsubscribed
 * cancel$:           -----x
 * output:            --a--|             completes, source unsubscribed
 * ```
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
  if (!signal && !cancel$) return identity;
  return (source) => {
    const abortable = signal ? source.pipe(takeUntil(abortError$(signal))) : source;
    return cancel$ ? abortable.pipe(takeUntil(cancel$)) : abortable;
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

/** Never emits; errors with the signal's `CancelledError` once it is aborted (at once when it already is). */
function abortError$(signal: AbortSignal): Observable<never> {
  return defer(() => (signal.aborted ? of(signal) : fromEvent(signal, 'abort'))).pipe(
    map(() => {
      throw cancelledErrorFrom(signal);
    }),
  );
}
