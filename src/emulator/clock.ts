import type { Clock } from './types.js';

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; for tests on virtual time. */
export class ManualClock implements Clock {
  #now: number;
  readonly #listeners = new Set<() => void>();

  /** Starts at `start` epoch ms (default: the current wall time). */
  constructor(start: number = Date.now()) {
    this.#now = start;
  }

  /** Current virtual time in epoch ms. */
  now(): number {
    return this.#now;
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ms must be >= 0, got ${ms}`);
    this.#now += ms;
    this.#notify();
  }

  /** Jumps to an absolute time (epoch ms). */
  set(ms: number): void {
    this.#now = ms;
    this.#notify();
  }

  /** Calls `listener` after every `advance()` / `set()`; returns the unsubscribe function. */
  onAdvance(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
