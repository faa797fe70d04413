import { parseRateLimitDuration } from './duration.js';

/** What a response's `x-ratelimit-*-requests` headers say about the server's request budget. */
export interface ServerRateLimits {
  /** `x-ratelimit-limit-requests`: the budget's size. */
  limit?: number;
  /** `x-ratelimit-remaining-requests`: requests left when the server answered. */
  remaining?: number;
  /** `x-ratelimit-reset-requests`, in ms: time until the budget is full again. */
  resetMs?: number;
}

/**
 * Reads the request-budget headers of a response (lower-case keys). Malformed values are ignored one by one;
 * returns undefined when none is usable.
 *
 * @example
 * ```ts
 * readRateLimitHeaders({ 'x-ratelimit-limit-requests': '60', 'x-ratelimit-reset-requests': '1s' });
 * // { limit: 60, resetMs: 1000 }
 * ```
 */
export function readRateLimitHeaders(
  headers: Readonly<Record<string, string | undefined>>,
): ServerRateLimits | undefined {
  const limit = count(headers['x-ratelimit-limit-requests']);
  const remaining = count(headers['x-ratelimit-remaining-requests']);
  const resetMs = parseRateLimitDuration(headers['x-ratelimit-reset-requests']);
  if (limit === undefined && remaining === undefined && resetMs === undefined) return undefined;
  const out: ServerRateLimits = {};
  if (limit !== undefined && limit > 0) out.limit = limit;
  if (remaining !== undefined) out.remaining = remaining;
  if (resetMs !== undefined) out.resetMs = resetMs;
  return out;
}

function count(raw: string | undefined): number | undefined {
  const value = raw?.trim();
  if (!value || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
