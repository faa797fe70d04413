import { type Observable, type SchedulerLike, type Subscription, defer, finalize, from, timer } from 'rxjs';
import type { LoggerLike } from '../telemetry/logger-like.js';
import { type ConfiguredBudget, budgetOf } from './budget.js';
import { clientRateLimited } from './client-rate-limited.js';
import type { PermitOutcome, Permit } from './permit.js';
import { readRateLimitHeaders } from './rate-limit-headers.js';
import type { Budget, RateLimitStore, RequestPriority, TakeResult } from './types.js';
import { WaitQueue, Waiter } from './wait-queue.js';

/** What {@link createRateGovernor} runs on. */
export interface RateGovernorDeps {
  readonly budget: ConfiguredBudget;
  readonly store: RateLimitStore;
  /** Every wait is a timer on it (a `TestScheduler` in marble tests). */
  readonly scheduler: SchedulerLike;
  readonly logger: LoggerLike;
  /** A 429's pause is clamped to this (the client's `retry.maxRetryAfterMs`). */
  readonly maxPauseMs: number;
}

/**
 * The client-side rate governor: every attempt acquires a permit first, and settles it with its answer.
 *
 * @example
 * ```ts
 * defer(() => governor.acquire('high')).pipe(concatMap((permit) => attempt().pipe(tap((r) => governor.settle(permit, r)))));
 * ```
 */
export interface RateGovernor {
  /**
   * One permit, when the budget allows (`high` before `low`, first come first served within a priority). Cold; emits
   * once and completes. Unsubscribing while it waits leaves the queue and cancels its timer. A `high` request whose
   * expected wait exceeds `maxWaitMs` errors at once with `RateLimitError` (code `client_rate_limited`).
   */
  acquire(priority: RequestPriority): Observable<Permit>;
  /** Learns from an attempt's answer: `x-ratelimit-*-requests` headers adjust the budget; a 429 pauses everyone. */
  settle(permit: Permit, outcome: PermitOutcome): void;
}

/**
 * Builds a {@link RateGovernor} over a store: one wait queue per client, one timer at most (for the head of the
 * queue), the budget taken from the store one permit at a time.
 *
 * @example
 * ```ts
 * const governor = createRateGovernor({ budget: configureBudget({ requestsPerMinute: 60 }),
 *   store: localRateLimitStore(), scheduler: asyncScheduler, logger, maxPauseMs: 60_000 });
 * ```
 */
export function createRateGovernor(deps: RateGovernorDeps): RateGovernor {
  return new Governor(deps);
}

type Phase = 'idle' | 'running' | 'asking' | 'sleeping';

class Governor implements RateGovernor {
  private readonly queue = new WaitQueue();
  private phase: Phase = 'idle';
  private pending: Subscription | undefined;
  private wakeAt = 0;
  private current: Budget;

  constructor(private readonly deps: RateGovernorDeps) {
    this.current = budgetOf(deps.budget);
  }

  acquire(priority: RequestPriority): Observable<Permit> {
    return defer(() => {
      const now = this.deps.scheduler.now();
      const deadline = priority === 'high' ? now + this.deps.budget.maxWaitMs : Infinity;
      const waiter = new Waiter(priority, now, deadline);
      this.queue.add(waiter);
      this.arrived(waiter);
      return waiter.result.pipe(finalize(() => this.left(waiter)));
    });
  }

  settle(permit: Permit, outcome: PermitOutcome): void {
    const limits = outcome.headers ? readRateLimitHeaders(outcome.headers) : undefined;
    if (limits?.limit !== undefined) {
      this.current = budgetOf(this.deps.budget, limits);
    }
    const { logger, scheduler } = this.deps;
    if (limits?.remaining !== undefined) {
      const report = {
        remaining: limits.remaining,
        seq: permit.seq,
        budget: this.current,
        now: scheduler.now(),
        logger,
      };
      ignoreFailure(this.deps.store.reportRemaining(report));
      if (limits.remaining === 0 && this.current.ratePerMs === Infinity && limits.resetMs !== undefined) {
        this.pause(limits.resetMs);
      }
    }
    if (outcome.status === 429) this.pause(outcome.retryAfterMs ?? this.tokenIntervalMs() ?? 1000);
  }

  /** Pauses every taker of the store (a 429): clamped, then the queue is reconsidered. */
  private pause(forMs: number): void {
    const ms = Math.min(Math.max(0, forMs), this.deps.maxPauseMs);
    const { scheduler, logger } = this.deps;
    const paused = this.deps.store.pause({ forMs: ms, budget: this.current, now: scheduler.now(), logger });
    // Once the pause is stored, a sleeping queue asks again: its wait grew, and high waiters may be overdue now.
    if (!isPromiseLike(paused)) return this.reconsider();
    paused.then(
      () => this.reconsider(),
      () => undefined,
    );
  }

  private reconsider(): void {
    if (this.phase !== 'sleeping') return;
    this.stopPending();
    this.pump();
  }

  private arrived(waiter: Waiter): void {
    if (this.phase === 'idle') return this.pump();
    if (this.phase !== 'sleeping') return;
    if (this.queue.peek() === waiter) return this.reconsider();
    if (waiter.priority === 'low') return;
    // Only the newcomer can be newly overdue; it is last among the high waiters.
    const index = this.queue.highWaiters().length - 1;
    const expected = this.wakeAt - this.deps.scheduler.now() + index * (this.tokenIntervalMs() ?? 0);
    if (this.deps.scheduler.now() + expected > waiter.deadline) {
      this.queue.remove(waiter);
      waiter.result.error(clientRateLimited(expected, this.deps.budget.maxWaitMs));
    }
  }

  private left(waiter: Waiter): void {
    const wasHead = this.queue.peek() === waiter;
    if (!this.queue.remove(waiter)) return;
    if (this.queue.size === 0) {
      if (this.phase === 'sleeping') this.stopPending();
    } else if (wasHead) {
      this.reconsider();
    }
  }

  /** Serves the queue from the store until it is empty, the store says wait, or the store answers later. */
  private pump(): void {
    if (this.phase !== 'idle') return;
    this.phase = 'running';
    const { store, scheduler, logger } = this.deps;
    for (let head = this.queue.peek(); head; head = this.queue.peek()) {
      let answer: TakeResult | PromiseLike<TakeResult>;
      try {
        answer = store.take({ priority: head.priority, budget: this.current, now: scheduler.now(), logger });
      } catch (error) {
        this.phase = 'asking';
        return this.storeFailed(error);
      }
      if (isPromiseLike(answer)) {
        this.phase = 'asking';
        this.pending = from(answer).subscribe({
          next: (result) => this.answered(result),
          error: (error: unknown) => this.storeFailed(error),
        });
        return;
      }
      if (!this.serve(answer)) return;
    }
    this.phase = 'idle';
  }

  private answered(result: TakeResult): void {
    this.pending = undefined;
    this.phase = 'running';
    if (this.serve(result)) {
      this.phase = 'idle';
      this.pump();
    }
  }

  /** A store that rejects (a custom one: the Redis store falls back instead) fails the head, not the queue. */
  private storeFailed(error: unknown): void {
    this.pending = undefined;
    const head = this.queue.peek();
    if (head) {
      this.queue.remove(head);
      head.result.error(error);
    }
    this.phase = 'idle';
    this.pump();
  }

  /** Grants the head, or fails the waiters that cannot make it and sleeps; true when the pump may go on. */
  private serve(result: TakeResult): boolean {
    const head = this.queue.peek();
    if (result.granted) {
      if (head) {
        this.queue.remove(head);
        const waitedMs = this.deps.scheduler.now() - head.enqueuedAt;
        head.result.next({ seq: result.seq, priority: head.priority, waitedMs });
        head.result.complete();
      }
      return true;
    }
    const waitMs = Math.max(1, result.waitMs);
    this.failOverdue(waitMs);
    if (this.queue.size === 0) {
      this.phase = 'idle';
      return false;
    }
    this.phase = 'sleeping';
    this.wakeAt = this.deps.scheduler.now() + waitMs;
    this.pending = timer(waitMs, this.deps.scheduler).subscribe(() => {
      this.pending = undefined;
      this.phase = 'idle';
      this.pump();
    });
    return false;
  }

  /** Fails (at once) every `high` waiter that would be served after its deadline, the head waiting `waitMs`. */
  private failOverdue(waitMs: number): void {
    const now = this.deps.scheduler.now();
    const interval = this.tokenIntervalMs() ?? 0;
    const overdue: Array<[Waiter, number]> = [];
    this.queue.highWaiters().forEach((waiter, index) => {
      const expected = waitMs + index * interval;
      if (now + expected > waiter.deadline) overdue.push([waiter, expected + (now - waiter.enqueuedAt)]);
    });
    for (const [waiter, expected] of overdue) {
      this.queue.remove(waiter);
      waiter.result.error(clientRateLimited(expected, this.deps.budget.maxWaitMs));
    }
  }

  private tokenIntervalMs(): number | undefined {
    return Number.isFinite(this.current.ratePerMs) ? 1 / this.current.ratePerMs : undefined;
  }

  private stopPending(): void {
    this.pending?.unsubscribe();
    this.pending = undefined;
    this.phase = 'idle';
  }
}

/** Store updates are advice: a failed one is dropped (the Redis store handles its own failures). */
function ignoreFailure(result: void | PromiseLike<void>): void {
  if (isPromiseLike(result)) result.then(undefined, () => undefined);
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}
