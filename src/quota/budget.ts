import { ValidationError } from '../errors/validation-error.js';
import type { RateLimitOptions } from './options.js';
import type { ServerRateLimits } from './rate-limit-headers.js';
import type { Budget } from './types.js';

/** `rateLimit` once validated: what the user configured (learning may lower it). */
export interface ConfiguredBudget {
  readonly requestsPerMinute: number | undefined;
  readonly requestsPerDay: number | undefined;
  readonly burst: number | undefined;
  readonly reserve: number | undefined;
  readonly maxWaitMs: number;
}

/**
 * Validates the numbers of a `rateLimit` option.
 *
 * @throws ValidationError naming the field (`rateLimit.requestsPerMinute`, …) when one is not a positive number.
 * @example
 * ```ts
 * configureBudget({ requestsPerMinute: 25 }); // { requestsPerMinute: 25, maxWaitMs: Infinity, … }
 * ```
 */
export function configureBudget(options: RateLimitOptions): ConfiguredBudget {
  const positive = (name: keyof RateLimitOptions, value: number | undefined, integer: boolean): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !(value > 0) || (integer && !Number.isInteger(value) && value !== Infinity)) {
      throw new ValidationError(`rateLimit.${name}`, integer ? 'must be a positive integer' : 'must be a number > 0');
    }
    return value;
  };
  const reserve = options.reserve;
  if (reserve !== undefined && (typeof reserve !== 'number' || !Number.isInteger(reserve) || reserve < 0)) {
    throw new ValidationError('rateLimit.reserve', 'must be a non-negative integer');
  }
  const maxWaitMs = options.maxWaitMs ?? Infinity;
  if (typeof maxWaitMs !== 'number' || Number.isNaN(maxWaitMs) || maxWaitMs < 0) {
    throw new ValidationError('rateLimit.maxWaitMs', 'must be a number >= 0');
  }
  return {
    requestsPerMinute: positive('requestsPerMinute', options.requestsPerMinute, false),
    requestsPerDay: positive('requestsPerDay', options.requestsPerDay, true),
    burst: positive('burst', options.burst, true),
    reserve,
    maxWaitMs,
  };
}

/**
 * The budget to take from: the configured one, lowered (never raised) by the server's `x-ratelimit-limit-requests`;
 * a limit learned while none is configured is taken as requests per minute.
 *
 * @example
 * ```ts
 * budgetOf(configureBudget({ requestsPerMinute: 600 })); // { ratePerMs: 0.01, burst: 10, reserve: 2, … }
 * ```
 */
export function budgetOf(configured: ConfiguredBudget, learned?: ServerRateLimits): Budget {
  const limit = learned?.limit;
  const rpm =
    configured.requestsPerMinute === undefined ? limit : Math.min(configured.requestsPerMinute, limit ?? Infinity);
  const ratePerMs = rpm === undefined ? Infinity : rpm / 60_000;
  const defaultBurst = rpm === undefined || !Number.isFinite(rpm) ? 1 : Math.max(1, Math.ceil(rpm / 60));
  const burst = Math.min(configured.burst ?? defaultBurst, limit ?? Infinity);
  const reserve = Math.min(configured.reserve ?? Math.ceil(burst * 0.2), Math.max(0, burst - 1));
  return { ratePerMs, burst, reserve, perDay: configured.requestsPerDay };
}
