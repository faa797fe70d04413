import { TokenBucket } from './token-bucket.js';
import type { RateLimitStore } from './types.js';

/**
 * The default {@link RateLimitStore}: one budget in this process, answered synchronously on the client's scheduler
 * clock (so marble tests see exact waits). Share one store between clients to make them share a budget.
 *
 * @example
 * ```ts
 * const store = localRateLimitStore();
 * const a = createSoraClient({ rateLimit: { requestsPerMinute: 25, store } });
 * const b = createSoraClient({ rateLimit: { requestsPerMinute: 25, store } }); // same 25 per minute
 * ```
 */
export function localRateLimitStore(): RateLimitStore {
  const bucket = new TokenBucket();
  return {
    take: ({ priority, budget, now }) => bucket.take(priority, budget, now),
    pause: ({ forMs, now }) => bucket.pause(forMs, now),
    reportRemaining: ({ remaining, seq, budget, now }) => bucket.reportRemaining(remaining, seq, budget, now),
  };
}
