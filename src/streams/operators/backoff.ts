import { MAX_TIMER_MS } from '../../config/defaults.js';

/** Exponential backoff tuning (all in milliseconds). */
export interface BackoffOptions {
  /** Delay ceiling of the first retry. @default 500 (see `RetryOptions.initialDelayMs`) */
  initialDelayMs: number;
  /** Growth factor of the ceiling per retry. @default 2 */
  multiplier: number;
  /** Upper bound of the ceiling. @default 8000 */
  maxDelayMs: number;
}

/**
 * The delay ceiling of retry number `retryNumber` (1-based): `min(maxDelayMs, initialDelayMs * multiplier^(n-1))`.
 * Monotone non-decreasing in `retryNumber` when `multiplier >= 1`. Never negative, never NaN, never above
 * 2^31-1 ms (Node's timer limit: a longer delay would fire at once with a `TimeoutOverflowWarning`).
 *
 * @example
 * ```ts
 * backoffCeilingMs(3, { initialDelayMs: 500, multiplier: 2, maxDelayMs: 8000 }); // 2000
 * ```
 */
export function backoffCeilingMs(retryNumber: number, options: BackoffOptions): number {
  const initial = nonNegative(options.initialDelayMs);
  const max = nonNegative(options.maxDelayMs);
  const multiplier = Number.isFinite(options.multiplier) && options.multiplier > 0 ? options.multiplier : 1;
  const exponent = Math.max(0, Math.floor(retryNumber) - 1);
  const raw = initial * multiplier ** exponent;
  return Math.min(MAX_TIMER_MS, max, Number.isNaN(raw) ? max : raw);
}

/**
 * "Full jitter" backoff: a uniformly random delay in `[0, ceiling]` where the ceiling is
 * {@link backoffCeilingMs}. Pass `random` to make it deterministic (`() => 1` gives the ceiling).
 *
 * @example
 * ```ts
 * const opts = { initialDelayMs: 500, multiplier: 2, maxDelayMs: 8000 };
 * computeBackoffMs(2, opts, () => 0.5); // 500 (half of the 1000 ms ceiling)
 * ```
 */
export function computeBackoffMs(
  retryNumber: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const r = random();
  const jitter = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 1;
  return jitter * backoffCeilingMs(retryNumber, options);
}

function nonNegative(n: number): number {
  return Number.isNaN(n) || n < 0 ? 0 : n;
}
