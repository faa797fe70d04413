import type { RequestPriority } from './types.js';

/**
 * The right to send one attempt, from `RateGovernor.acquire`. Hand it back with `settle` once the attempt has an
 * answer, so the governor learns from the response.
 *
 * @example
 * ```ts
 * governor.acquire('high').pipe(concatMap((permit) => send().pipe(tap((r) => governor.settle(permit, r)))));
 * ```
 */
export interface Permit {
  /** The store's sequence number of this grant (orders the server's `remaining` reports). */
  readonly seq: number;
  readonly priority: RequestPriority;
  /** How long the caller waited, in ms on the client's scheduler. */
  readonly waitedMs: number;
}

/** What an attempt's answer says about the budget: a response's (or error response's) status and headers. */
export interface PermitOutcome {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** The server's `retry-after-ms` / `Retry-After`, in ms (a `RateLimitError`'s `retryAfterMs`). */
  readonly retryAfterMs?: number;
}
