import { AsyncSubject } from 'rxjs';
import type { Permit } from './permit.js';
import type { RequestPriority } from './types.js';

/** One caller waiting for a permit: it is answered once, through `result`. */
export class Waiter {
  /** Emits the permit and completes, or errors; subscribed by the caller's `acquire`. */
  readonly result = new AsyncSubject<Permit>();

  constructor(
    readonly priority: RequestPriority,
    readonly enqueuedAt: number,
    /** Latest acceptable grant time (`Infinity` for `low`: never failed). */
    readonly deadline: number,
  ) {}
}

/** Waiters in the order they are served: every `high` one (first come, first served) before any `low` one. */
export class WaitQueue {
  private readonly high: Waiter[] = [];
  private readonly low: Waiter[] = [];

  get size(): number {
    return this.high.length + this.low.length;
  }

  /** The next waiter to serve. */
  peek(): Waiter | undefined {
    return this.high[0] ?? this.low[0];
  }

  add(waiter: Waiter): void {
    (waiter.priority === 'high' ? this.high : this.low).push(waiter);
  }

  /** Removes `waiter`; false when it was not queued (already served or failed). */
  remove(waiter: Waiter): boolean {
    const list = waiter.priority === 'high' ? this.high : this.low;
    const index = list.indexOf(waiter);
    if (index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  /** The `high` waiters in serving order (only they have deadlines). */
  highWaiters(): readonly Waiter[] {
    return this.high;
  }
}
