import type { Budget, RequestPriority, TakeResult } from './types.js';

const DAY_MS = 86_400_000;

/**
 * The budget's arithmetic, on a clock passed in: a token bucket of `burst` tokens refilled continuously at
 * `ratePerMs` (a `low` take needs `reserve` tokens left over), a rolling day window, and a pause. The Redis store's
 * Lua script does the same sums; the local store and the Redis store's fallback use this class.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket();
 * bucket.take('high', budgetOf(configureBudget({ requestsPerMinute: 60 })), Date.now()); // { granted: true, seq: 1 }
 * ```
 */
export class TokenBucket {
  private tokens: number | undefined;
  private updatedAt = 0;
  private pausedUntil = -Infinity;
  private seq = 0;
  private dayStart: number | undefined;
  private dayCount = 0;

  /** Takes one token, or says how long until a take of this priority could succeed. */
  take(priority: RequestPriority, budget: Budget, now: number): TakeResult {
    if (now < this.pausedUntil) return { granted: false, waitMs: this.pausedUntil - now };
    const dayWait = this.dayWait(budget, now);
    if (dayWait > 0) return { granted: false, waitMs: dayWait };
    const tokens = this.refill(budget, now);
    const need = priority === 'low' ? 1 + budget.reserve : 1;
    // (ceil after rounding off float noise: 1.99 / 0.001 is 1990.0000000000002)
    if (tokens < need) return { granted: false, waitMs: Math.ceil((need - tokens) / budget.ratePerMs - 1e-6) };
    this.tokens = tokens - 1;
    if (budget.perDay !== undefined) this.dayCount++;
    return { granted: true, seq: ++this.seq };
  }

  /** Nobody takes before `now + forMs`; the bucket restarts empty (the server said it was). */
  pause(forMs: number, now: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, now + forMs);
    this.tokens = 0;
    this.updatedAt = now;
  }

  /** The bucket is empty at `now` and refills from there (no pause: a take waits only for the refill). */
  drain(now: number): void {
    this.tokens = 0;
    this.updatedAt = now;
  }

  /** The server had `remaining` left when it answered take `seq`: later takes have spent from that since. */
  reportRemaining(remaining: number, seq: number, budget: Budget, now: number): void {
    const left = Math.max(0, remaining - (this.seq - seq));
    const tokens = this.refill(budget, now);
    if (left < tokens) {
      this.tokens = left;
      this.updatedAt = now;
    }
  }

  private refill(budget: Budget, now: number): number {
    const elapsed = Math.max(0, now - this.updatedAt);
    const tokens =
      this.tokens === undefined || budget.ratePerMs === Infinity
        ? budget.burst
        : Math.min(budget.burst, this.tokens + elapsed * budget.ratePerMs);
    this.tokens = tokens;
    this.updatedAt = now;
    return tokens;
  }

  private dayWait(budget: Budget, now: number): number {
    if (budget.perDay === undefined) return 0;
    if (this.dayStart === undefined || now - this.dayStart >= DAY_MS) {
      this.dayStart = now;
      this.dayCount = 0;
    }
    return this.dayCount < budget.perDay ? 0 : this.dayStart + DAY_MS - now;
  }
}
