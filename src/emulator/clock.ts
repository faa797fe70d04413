import type { Clock } from './types.js';

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; for tests on virtual time. */
export class ManualClock implements Clock {
  #now: number;

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
  }

  /** Jumps to an absolute time (epoch ms). */
  set(ms: number): void {
    this.#now = ms;
  }
}
