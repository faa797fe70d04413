import { ServiceUnavailableError } from '../../errors/api-errors.js';
import { ApiKeyProviderError } from '../../errors/credential-errors.js';
import { VideoGenerationFailedError } from '../../errors/job-errors.js';
import { AmbiguousRequestError, CancelledError, ConnectionError, TimeoutError } from '../../errors/request-errors.js';
import { ResponseTooLargeError } from '../../errors/response-errors.js';
import { isSoraError } from '../../errors/sora-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { isClientRateLimited } from '../../quota/client-rate-limited.js';
import { errorHeaders, shouldRetryHeader } from './server-delay.js';

/**
 * What to do after a failed attempt: `retry` it, `stop` (surface the error as is), or report it as
 * `ambiguous` (a non-idempotent request that may have been processed; never resent).
 */
export type RetryDecision = 'retry' | 'stop' | 'ambiguous';

/** HTTP statuses an idempotent request retries (openai-node's set, 5xx limited to the transient ones). */
export const IDEMPOTENT_RETRY_STATUSES: ReadonlySet<number> = new Set([408, 409, 429, 500, 502, 503, 504]);

/**
 * Classifies a failed attempt, in ky's order:
 * 1. cancellation, validation, a failed job, an already-ambiguous error, a failed `apiKey` function
 *    (`ApiKeyProviderError`, nothing was sent) or the client's own budget refusing to wait (`client_rate_limited`):
 *    `stop`;
 * 2. the server's `x-should-retry` header overrides the rest: `true` -> `retry`, `false` -> `stop`;
 * 3. anything that is not a sora-rx error (e.g. a `TypeError` from a bug): `stop`;
 * 4. idempotent requests retry `ConnectionError`, `TimeoutError`, an unreadable 2xx body (`invalid_json`) and 408, 409, 429, 500, 502, 503, 504;
 *    every other status (400, 401, 403, 404, 422, 501, ...) stops;
 * 5. non-idempotent requests (POST) retry only failures that prove the request was not processed:
 *    429, a 503 with `Retry-After`/`retry-after-ms`, a `ConnectionError` in phase `connect`.
 *    Failures that leave it open are `ambiguous`: a timeout, a `ConnectionError` in phase `transfer` (a reset, a
 *    response Node could not parse such as a header overflow), an unreadable or oversized 2xx, 408, 5xx, and any
 *    other failure without an HTTP status (except `request_not_sent`, which stops);
 *    other 4xx (including 409, a definitive refusal) stop.
 *
 * An oversized body (`ResponseTooLargeError`) of an error status follows that status's rule; of a 2xx it stops an
 * idempotent request (the same answer would come again) and is ambiguous for a POST.
 *
 * @example
 * ```ts
 * classifyFailure(new TimeoutError(30_000), true);  // 'retry'
 * classifyFailure(new TimeoutError(30_000), false); // 'ambiguous'
 * classifyFailure(new TypeError('x is undefined'), true); // 'stop'
 * ```
 */
export function classifyFailure(error: unknown, idempotent: boolean): RetryDecision {
  if (
    error instanceof CancelledError ||
    error instanceof ValidationError ||
    error instanceof AmbiguousRequestError ||
    error instanceof VideoGenerationFailedError ||
    // The apiKey function failed before anything was sent: nothing to retry, nothing ambiguous.
    error instanceof ApiKeyProviderError ||
    isClientRateLimited(error)
  ) {
    return 'stop';
  }
  const verdict = shouldRetryHeader(error);
  if (verdict !== undefined) return verdict ? 'retry' : 'stop';
  if (!isSoraError(error)) return 'stop';
  return idempotent ? classifyIdempotent(error) : classifyNonIdempotent(error);
}

/** A 2xx whose body could not be read as JSON: the server answered, but the answer was lost on the way. */
function isUnreadableSuccess(error: object): boolean {
  return (error as { code?: unknown }).code === 'invalid_json';
}

function classifyIdempotent(error: object): RetryDecision {
  if (error instanceof ResponseTooLargeError && !isErrorStatus(error)) return 'stop';
  if (error instanceof ConnectionError || error instanceof TimeoutError || isUnreadableSuccess(error)) return 'retry';
  const status = statusOf(error);
  return status !== undefined && IDEMPOTENT_RETRY_STATUSES.has(status) ? 'retry' : 'stop';
}

function classifyNonIdempotent(error: object): RetryDecision {
  if (error instanceof ConnectionError) return error.phase === 'connect' ? 'retry' : 'ambiguous';
  if (error instanceof TimeoutError || isUnreadableSuccess(error)) return 'ambiguous';
  if (error instanceof ResponseTooLargeError && !isErrorStatus(error)) return 'ambiguous';
  const status = statusOf(error);
  // No HTTP status: the body was (or may have been) sent and no verdict came back.
  if (status === undefined) return (error as { code?: unknown }).code === 'request_not_sent' ? 'stop' : 'ambiguous';
  if (status === 429) return 'retry';
  if (status === 503) return hasRetryAfter(error) ? 'retry' : 'ambiguous';
  if (status === 408 || (status !== undefined && status >= 500)) return 'ambiguous';
  return 'stop';
}

function isErrorStatus(error: ResponseTooLargeError): boolean {
  return error.status !== undefined && (error.status < 200 || error.status >= 300);
}

/** The upstream HTTP status; a `ServiceUnavailableError` without one counts as 503. */
function statusOf(error: object): number | undefined {
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status;
  if (error instanceof ServiceUnavailableError && error.reason === 'unavailable') return 503;
  return undefined;
}

function hasRetryAfter(error: unknown): boolean {
  const h = errorHeaders(error);
  return Boolean(h['retry-after']?.trim() || h['retry-after-ms']?.trim());
}
