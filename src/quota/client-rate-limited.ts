import { RateLimitError } from '../errors/api-errors.js';

/** The `code` of the error a request gets when the client's own budget would make it wait too long. */
export const CLIENT_RATE_LIMITED = 'client_rate_limited';

/**
 * The error of a request whose wait for the budget would exceed `maxWaitMs`: a `RateLimitError` with code
 * `client_rate_limited`, status 429 (nothing was sent; no server answered) and `retryAfterMs` = the expected wait.
 * The request pipeline does not retry it.
 *
 * @example
 * ```ts
 * clientRateLimited(90_000, 60_000).code; // 'client_rate_limited'
 * ```
 */
export function clientRateLimited(expectedWaitMs: number, maxWaitMs: number): RateLimitError {
  const wait = Math.ceil(expectedWaitMs);
  return new RateLimitError(
    `Client rate limit: the request would wait about ${wait} ms for the budget (maxWaitMs ${maxWaitMs}); not sent`,
    { status: 429, statusCode: 429, code: CLIENT_RATE_LIMITED, retryable: true, retryAfterMs: wait },
  );
}

/** True for the error of {@link clientRateLimited}. */
export function isClientRateLimited(error: unknown): boolean {
  return error instanceof RateLimitError && error.code === CLIENT_RATE_LIMITED;
}
