import { ApiError } from './errors.js';
import type { Clock, RateLimitOptions } from './types.js';

/** Formats a duration like the API's `x-ratelimit-reset-*` headers: `120ms`, `1.5s`, `2m3s`. */
export function formatReset(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  return `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}

/**
 * A token bucket of `burst` tokens (default `requestsPerMinute`), refilled continuously at `requestsPerMinute`, on
 * the emulator's clock. Headers: `x-ratelimit-limit-requests` is the per-minute limit, `-remaining-` the tokens left,
 * `-reset-` the time until the bucket is full again.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #capacity: number;
  readonly #perMs: number;
  #tokens: number;
  #updatedAt: number;

  constructor(
    options: RateLimitOptions,
    private readonly clock: Clock,
  ) {
    this.#limit = options.requestsPerMinute;
    this.#capacity = options.burst ?? options.requestsPerMinute;
    this.#perMs = options.requestsPerMinute / 60_000;
    this.#tokens = this.#capacity;
    this.#updatedAt = clock.now();
  }

  /** Refills the bucket. */
  reset(): void {
    this.#tokens = this.#capacity;
    this.#updatedAt = this.clock.now();
  }

  /** Takes a token and returns the headers to send, or throws a 429 `ApiError` carrying them. */
  take(): Record<string, string> {
    const now = this.clock.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#updatedAt) * this.#perMs);
    this.#updatedAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return this.#headers();
    }
    const waitMs = Math.ceil((1 - this.#tokens) / this.#perMs);
    const headers = {
      ...this.#headers(),
      'retry-after-ms': String(waitMs),
      'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
    };
    throw new ApiError(
      429,
      {
        message:
          `Rate limit reached for requests per min (RPM): Limit ${this.#limit}, Used ${this.#limit}, Requested 1. ` +
          `Please try again in ${formatReset(waitMs)}. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
      headers,
    );
  }

  #headers(): Record<string, string> {
    return {
      'x-ratelimit-limit-requests': String(this.#limit),
      'x-ratelimit-remaining-requests': String(Math.floor(this.#tokens)),
      'x-ratelimit-reset-requests': formatReset((this.#capacity - this.#tokens) / this.#perMs),
    };
  }
}
