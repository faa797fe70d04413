import { Observable, asyncScheduler } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { BackoffRetryRun, type RetrySettings } from './backoff-retry-run.js';

/** Passed to `onRetry` just before the wait that precedes a retry. */
export interface RetryEvent {
  /** 1 for the first retry (the second attempt). */
  retryNumber: number;
  /** How long the operator waits before resubscribing, in ms. */
  delayMs: number;
  /** The failure that caused the retry. */
  error: unknown;
  /** Time since the first subscription, per `scheduler.now()`, in ms. */
  elapsedMs: number;
  /** Where the delay came from: the server's hint (no jitter) or the computed backoff. */
  delaySource: 'server' | 'backoff';
}

/** Why the operator stopped retrying and let an error through. */
export type GiveUpReason =
  'not-retryable' | 'ambiguous' | 'retries-exhausted' | 'retry-after-too-long' | 'budget-exhausted';

/** Passed to `onGiveUp` when a failure is surfaced instead of retried. */
export interface GiveUpEvent {
  reason: GiveUpReason;
  /** Attempts made so far (1 = only the first attempt). */
  attempts: number;
  /** The error the stream errors with (an `AmbiguousRequestError` for `ambiguous`). */
  error: unknown;
  /** Time since the first subscription, in ms. */
  elapsedMs: number;
}

/** Configuration of {@link retryWithBackoff}. */
export interface RetryWithBackoffConfig {
  /** Retries after the first attempt (`2` = up to 3 attempts). Non-integers are floored, negatives mean 0. */
  maxRetries: number;
  /** Ceiling of the first computed delay, in ms. */
  initialDelayMs: number;
  /** Growth factor of the ceiling per retry. */
  multiplier: number;
  /** Upper bound of one computed delay, in ms. */
  maxDelayMs: number;
  /** A server `Retry-After` longer than this gives up (the error is surfaced as is) rather than waits. */
  maxRetryAfterMs: number;
  /** Total budget from the first subscription: a retry whose delay would end past it is not made. `Infinity` = none. */
  maxElapsedMs: number;
  /** Whether resending is safe; `false` (POST) applies the stricter rules of `classifyFailure`. */
  idempotent: boolean;
  /** Scheduler for the waits and the clock. @default asyncScheduler */
  scheduler?: SchedulerLike;
  /** Jitter source in `[0, 1)`. @default Math.random */
  random?: () => number;
  /** Called before each wait. Exceptions it throws are swallowed. */
  onRetry?: (event: RetryEvent) => void;
  /** Called once when a failure is surfaced. Exceptions it throws are swallowed. */
  onGiveUp?: (event: GiveUpEvent) => void;
}

/**
 * Resubscribes to the source after a retryable failure, waiting a full-jitter exponential backoff, or exactly
 * the server's `retry-after-ms` / `Retry-After` (capped by `maxRetryAfterMs`, no jitter). Behaves as
 * `retry({ delay })` with `timer` waits (hand-written, see `BackoffRetryRun`); every wait is scheduled on `scheduler`, so unsubscribing during a wait cancels
 * it and no further attempt starts. Put the request's `defer` (and a per-attempt `withTimeout`) before it.
 * A non-idempotent request that fails ambiguously errors with `AmbiguousRequestError` (when the failure is a
 * `SoraError`) and is not resent.
 *
 * @example
 * ```ts
 * defer(() => transport(request)).pipe(
 *   withTimeout(30_000),
 *   retryWithBackoff({ maxRetries: 2, initialDelayMs: 500, multiplier: 2, maxDelayMs: 8000,
 *     maxRetryAfterMs: 60_000, maxElapsedMs: Infinity, idempotent: true,
 *     onRetry: (e) => logger.warn({ retry: e.retryNumber, delayMs: e.delayMs }, 'retrying') }),
 * );
 * ```
 */
export function retryWithBackoff<T>(config: RetryWithBackoffConfig): MonoTypeOperatorFunction<T> {
  const settings = retrySettings(config);
  return (source) =>
    new Observable<T>((subscriber) => new BackoffRetryRun<T>(settings, () => source, subscriber).start());
}

/**
 * `config` with its defaults applied, for {@link BackoffRetryRun} (the request pipeline builds its runs directly,
 * without the operator's extra Observable).
 */
export function retrySettings(config: RetryWithBackoffConfig): RetrySettings {
  return {
    config,
    scheduler: config.scheduler ?? asyncScheduler,
    random: config.random ?? Math.random,
    maxRetries: Number.isNaN(config.maxRetries) ? 0 : Math.max(0, Math.floor(config.maxRetries)),
  };
}
