import { type MonoTypeOperatorFunction, type Observable, asyncScheduler, defer, retry, throwError, timer } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { AmbiguousRequestError } from '../../errors/request-errors.js';
import { isSoraError } from '../../errors/sora-error.js';
import { computeBackoffMs } from './backoff.js';
import { classifyFailure } from './retry-policy.js';
import { serverDelayMs } from './server-delay.js';

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
 * the server's `retry-after-ms` / `Retry-After` (seconds or an HTTP date on `scheduler`'s clock, capped by
 * `maxRetryAfterMs`, no jitter). It is `defer` (the clock of `maxElapsedMs` starts per subscription) around
 * `retry({ delay })`, whose `delay` asks the retry policy and answers `timer(ms, scheduler)` (retry) or
 * `throwError` (give up; never an empty notifier, which would complete the stream silently). Unsubscribing
 * during a wait cancels it and no further attempt starts. Put the request's `defer` (and a per-attempt
 * `withTimeout`) before it. A non-idempotent request that fails ambiguously errors with `AmbiguousRequestError`
 * (when the failure is a `SoraError`) and is not resent. `onRetry` / `onGiveUp` exceptions are swallowed.
 *
 * ```text
 * attempt 1:   -#                    503: retry after a backoff of 3
 * attempt 2:       -#                503: retry after a backoff of 5
 * attempt 3:             -a|
 * output:      -----------a|
 * a 400, an exhausted count or budget:   -#  ->  -#   (onGiveUp; the same error)
 * an ambiguous POST failure:             -#  ->  -#   (AmbiguousRequestError)
 * ```
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
  const scheduler = config.scheduler ?? asyncScheduler;
  const random = config.random ?? Math.random;
  const maxRetries = Number.isNaN(config.maxRetries) ? 0 : Math.max(0, Math.floor(config.maxRetries));
  return (source) =>
    defer(() => {
      const startedAt = scheduler.now();
      const elapsed = (): number => scheduler.now() - startedAt;
      const giveUp = (reason: GiveUpReason, attempts: number, error: unknown): Observable<never> => {
        safeCall(config.onGiveUp, { reason, attempts, error, elapsedMs: elapsed() });
        return throwError(() => error);
      };
      // `count` stays unbounded: the policy checks `maxRetries` itself, so the last failure is still classified.
      return source.pipe(
        retry({
          delay: (error: unknown, retryNumber: number): Observable<unknown> => {
            const decision = classifyFailure(error, config.idempotent);
            if (decision === 'stop') return giveUp('not-retryable', retryNumber, error);
            if (decision === 'ambiguous') {
              return giveUp('ambiguous', retryNumber, isSoraError(error) ? new AmbiguousRequestError(error) : error);
            }
            if (retryNumber > maxRetries) return giveUp('retries-exhausted', retryNumber, error);
            const hinted = serverDelayMs(error, () => scheduler.now());
            if (hinted !== undefined && hinted > config.maxRetryAfterMs) {
              return giveUp('retry-after-too-long', retryNumber, error);
            }
            const delayMs = hinted ?? computeBackoffMs(retryNumber, config, random);
            const elapsedMs = elapsed();
            if (elapsedMs + delayMs > config.maxElapsedMs) return giveUp('budget-exhausted', retryNumber, error);
            const delaySource = hinted === undefined ? 'backoff' : 'server';
            safeCall(config.onRetry, { retryNumber, delayMs, error, elapsedMs, delaySource });
            return timer(delayMs, scheduler);
          },
        }),
      );
    });
}

function safeCall<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // A logging or telemetry hook must never break the request.
  }
}
