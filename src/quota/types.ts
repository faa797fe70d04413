import type { LoggerLike } from '../telemetry/logger-like.js';

/**
 * Who goes first when the budget is short: `high` (creates, remix, edit, extend, characters, deletes and downloads)
 * before `low` (polls and lists). Low-priority waits are stretched, never failed.
 */
export type RequestPriority = 'high' | 'low';

/** The request budget every take is measured against (resolved from `rateLimit` and what the server said). */
export interface Budget {
  /** Requests added per millisecond (`requestsPerMinute / 60000`); `Infinity` = no per-minute limit known. */
  readonly ratePerMs: number;
  /** Most requests that may go at once (the bucket's size). */
  readonly burst: number;
  /** Requests a `low` take must leave in the bucket for `high` ones (fleet-wide priority). */
  readonly reserve: number;
  /** Requests per rolling day window, or undefined for none. */
  readonly perDay: number | undefined;
}

/** One request for a permit. */
export interface TakeRequest {
  readonly priority: RequestPriority;
  readonly budget: Budget;
  /** The client scheduler's clock (a local store uses it; a shared store may use its own clock). */
  readonly now: number;
  /** Where a store reports trouble (e.g. Redis unreachable). */
  readonly logger: LoggerLike;
}

/** A store's answer: a permit (with its sequence number), or how long until one could be granted. */
export type TakeResult =
  { readonly granted: true; readonly seq: number } | { readonly granted: false; readonly waitMs: number };

/** A 429 (or an exhausted budget) says: nobody sends for `forMs`. */
export interface PauseRequest {
  readonly forMs: number;
  readonly budget: Budget;
  readonly now: number;
  readonly logger: LoggerLike;
}

/** The server said `remaining` requests were left when it answered the request granted as `seq`. */
export interface RemainingReport {
  readonly remaining: number;
  readonly seq: number;
  readonly budget: Budget;
  readonly now: number;
  readonly logger: LoggerLike;
}

/**
 * Where the budget lives. Every request of every client sharing the store draws from it. The default is
 * {@link localRateLimitStore} (this process); `sora-rx/redis` shares one budget across processes. Methods may answer
 * synchronously (marble-testable) or with a promise.
 *
 * @example
 * ```ts
 * const store: RateLimitStore = localRateLimitStore();
 * createSoraClient({ rateLimit: { requestsPerMinute: 25, store } });
 * ```
 */
export interface RateLimitStore {
  /** Takes one permit now, or says how long to wait before asking again. */
  take(request: TakeRequest): TakeResult | PromiseLike<TakeResult>;
  /** Pauses every taker for `forMs` (shared by every process on the store). */
  pause(request: PauseRequest): void | PromiseLike<void>;
  /** Lowers the budget to what the server reported as remaining (never raises it). */
  reportRemaining(report: RemainingReport): void | PromiseLike<void>;
}
