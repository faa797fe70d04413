import type { RateLimitStore } from './types.js';

/**
 * The `rateLimit` client option: a request budget every request of the client draws from before it is sent.
 *
 * @example
 * ```ts
 * createSoraClient({ rateLimit: { requestsPerMinute: 25, burst: 5, maxWaitMs: 120_000 } });
 * ```
 */
export interface RateLimitOptions {
  /**
   * Requests per minute. Unset: learned from the `x-ratelimit-limit-requests` header (unlimited until a response
   * carries it; a 429 still pauses every request).
   */
  requestsPerMinute?: number;
  /** Requests per day (a 24 h window that starts with the first request). @default none */
  requestsPerDay?: number;
  /** Requests that may go at once. @default one second's share of `requestsPerMinute` (at least 1) */
  burst?: number;
  /**
   * A `high` request (create, remix, edit, extend, characters, delete, download) whose wait would exceed this fails at
   * once with `RateLimitError` (code `client_rate_limited`), before anything is sent. Polls and lists are never
   * failed; they wait. @default Infinity
   */
  maxWaitMs?: number;
  /**
   * Requests a poll or list must leave in the budget for creates and downloads (priority across processes sharing
   * a store). @default 20% of `burst`, rounded up, less than `burst`
   */
  reserve?: number;
  /** Where the budget lives; `redisRateLimitStore` from `sora-rx/redis` shares it across processes. @default this process */
  store?: RateLimitStore;
}
