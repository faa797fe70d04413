import { CancelledError } from '../../errors/request-errors.js';
import { isSoraError } from '../../errors/sora-error.js';

/**
 * A failed poll the watch outlives (counted towards `maxConsecutiveFailures`): a retryable `SoraError` (5xx, 429,
 * timeout, connection, after the request's own retries) that is not a cancellation.
 *
 * @example
 * ```ts
 * keepWatchingAfter(new ServiceUnavailableError('503')); // true
 * keepWatchingAfter(new NotFoundError('404', { status: 404 })); // false
 * ```
 */
export function keepWatchingAfter(error: unknown): boolean {
  return isSoraError(error) && error.retryable && !(error instanceof CancelledError);
}
