import { MAX_TIMER_MS } from '../../config/defaults.js';
import { RateLimitError } from '../../errors/api-errors.js';
import { parseRetryAfterMs, parseShouldRetry } from '../../errors/retry-after.js';

/**
 * The response headers carried by an error (`ApiError`, `ServiceUnavailableError`), lower-case keys.
 * Returns an empty object for errors without headers.
 *
 * @example
 * ```ts
 * errorHeaders(new RateLimitError('429 slow down', { status: 429, headers: { 'retry-after': '1' } })); // { 'retry-after': '1' }
 * ```
 */
export function errorHeaders(error: unknown): Readonly<Record<string, string | undefined>> {
  if (typeof error !== 'object' || error === null || !('headers' in error)) return {};
  const headers = (error as { headers: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return {};
  return headers as Readonly<Record<string, string | undefined>>;
}

/**
 * The server's wait hint for `error` in ms: `retry-after-ms`, else `Retry-After` (seconds, or an HTTP date
 * relative to `now()`), else `RateLimitError.retryAfterMs`. Undefined when absent or malformed. Clamped to
 * 2^31-1 ms (Node's timer limit), so a hostile hint can never overflow a timer.
 *
 * @example
 * ```ts
 * serverDelayMs(err, () => scheduler.now()); // 1000 for `Retry-After: 1`
 * ```
 */
export function serverDelayMs(error: unknown, now: () => number): number | undefined {
  const fromHeaders = parseRetryAfterMs(errorHeaders(error), now);
  if (fromHeaders !== undefined) return Math.min(fromHeaders, MAX_TIMER_MS);
  if (error instanceof RateLimitError && isDelay(error.retryAfterMs)) return Math.min(error.retryAfterMs, MAX_TIMER_MS);
  return undefined;
}

/**
 * The server's `x-should-retry` verdict for `error`: true, false, or undefined when it gave none.
 *
 * @example
 * ```ts
 * shouldRetryHeader(err); // false when the response said `x-should-retry: false`
 * ```
 */
export function shouldRetryHeader(error: unknown): boolean | undefined {
  return parseShouldRetry(errorHeaders(error));
}

function isDelay(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}
