import type { Observable, Observer, SchedulerLike, Subscriber, Subscription, Unsubscribable } from 'rxjs';
import { AmbiguousRequestError } from '../../errors/request-errors.js';
import { isSoraError } from '../../errors/sora-error.js';
import { computeBackoffMs } from './backoff.js';
import { classifyFailure } from './retry-policy.js';
import type { GiveUpReason, RetryWithBackoffConfig } from './retry-with-backoff.js';
import { serverDelayMs } from './server-delay.js';

/** The config of a retry run with its defaults applied (built once per operator / send). */
export interface RetrySettings {
  readonly config: RetryWithBackoffConfig;
  readonly scheduler: SchedulerLike;
  readonly random: () => number;
  /** Floored, non-negative. */
  readonly maxRetries: number;
}

/**
 * One subscription of a retried source, written by hand: what `defer` + `retry({ delay })` (with `timer` waits)
 * did, with nothing allocated for retries until an attempt fails. `attempt(n)` builds the n-th attempt (0-based)
 * when it is subscribed. Same order of effects as rxjs `retry`: the delay decision (and its hooks) runs in the
 * failed attempt's error callback; a resubscription requested while the attempt is still subscribing (a
 * synchronous scheduler) waits until that `subscribe` call has returned.
 */
export class BackoffRetryRun<T> implements Unsubscribable {
  private readonly startedAt: number;
  private failures = 0;
  private attempts = 0;
  private inner: Subscription | undefined;
  private wait: Subscription | undefined;
  private subscribing = false;
  private resubscribeWhenSubscribed = false;
  private closed = false;

  constructor(
    private readonly settings: RetrySettings,
    private readonly attempt: (index: number) => Observable<T>,
    private readonly subscriber: Subscriber<T>,
  ) {
    this.startedAt = settings.scheduler.now();
  }

  /** Subscribes to the next attempt (and again, synchronously, while a resubscription was requested meanwhile). */
  start(): this {
    do {
      this.resubscribeWhenSubscribed = false;
      this.inner?.unsubscribe();
      this.subscribing = true;
      const inner = this.attempt(this.attempts++).subscribe(new AttemptObserver(this));
      this.subscribing = false;
      this.inner = inner;
    } while (this.resubscribeWhenSubscribed && !this.closed);
    return this;
  }

  unsubscribe(): void {
    this.closed = true;
    this.wait?.unsubscribe();
    this.inner?.unsubscribe();
  }

  /** @internal */
  next(value: T): void {
    this.subscriber.next(value);
  }

  /** @internal */
  complete(): void {
    this.subscriber.complete();
  }

  /** @internal The failed attempt's error callback: give up (error) or wait and resubscribe. */
  fail(error: unknown): void {
    const retryNumber = ++this.failures;
    let delayMs: number | undefined;
    try {
      delayMs = this.decide(error, retryNumber);
    } catch (thrown) {
      this.subscriber.error(thrown);
      return;
    }
    if (delayMs === undefined) return;
    const due = delayMs < 0 ? 0 : delayMs;
    this.wait = this.settings.scheduler.schedule(() => {
      this.wait = undefined;
      if (this.closed || this.subscriber.closed) return;
      if (this.subscribing) this.resubscribeWhenSubscribed = true;
      else this.start();
    }, due);
  }

  /** The delay before the next attempt, or `undefined` after surfacing the error (the give-up hook called). */
  private decide(error: unknown, retryNumber: number): number | undefined {
    const { config, scheduler, random, maxRetries } = this.settings;
    const decision = classifyFailure(error, config.idempotent);
    if (decision === 'stop') return this.giveUp('not-retryable', retryNumber, error);
    if (decision === 'ambiguous') {
      return this.giveUp('ambiguous', retryNumber, isSoraError(error) ? new AmbiguousRequestError(error) : error);
    }
    if (retryNumber > maxRetries) return this.giveUp('retries-exhausted', retryNumber, error);
    const hinted = serverDelayMs(error, () => scheduler.now());
    if (hinted !== undefined && hinted > config.maxRetryAfterMs) {
      return this.giveUp('retry-after-too-long', retryNumber, error);
    }
    const delayMs = hinted ?? computeBackoffMs(retryNumber, config, random);
    const elapsedMs = this.elapsed();
    if (elapsedMs + delayMs > config.maxElapsedMs) return this.giveUp('budget-exhausted', retryNumber, error);
    const delaySource = hinted === undefined ? 'backoff' : 'server';
    safeCall(config.onRetry, { retryNumber, delayMs, error, elapsedMs, delaySource });
    return delayMs;
  }

  private giveUp(reason: GiveUpReason, attempts: number, error: unknown): undefined {
    safeCall(this.settings.config.onGiveUp, { reason, attempts, error, elapsedMs: this.elapsed() });
    this.subscriber.error(error);
    return undefined;
  }

  private elapsed(): number {
    return this.settings.scheduler.now() - this.startedAt;
  }
}

/** The observer of one attempt (a class: no closures per attempt). */
class AttemptObserver<T> implements Observer<T> {
  constructor(private readonly run: BackoffRetryRun<T>) {}

  next(value: T): void {
    this.run.next(value);
  }

  error(error: unknown): void {
    this.run.fail(error);
  }

  complete(): void {
    this.run.complete();
  }
}

function safeCall<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // A logging or telemetry hook must never break the request.
  }
}
