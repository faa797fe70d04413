import { phaseAt, type StoredVideo } from './lifecycle.js';
import type { Clock } from './types.js';

/** The longest a Node timer can wait. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Called once per job, when the clock passes its end. */
export type JobEndListener = (video: StoredVideo, status: 'completed' | 'failed', endedAtMs: number) => void;

/** When `video` ends (completes or fails) on the emulator's clock. */
function endOf(video: StoredVideo): number {
  // The lifecycle is a pure function of time; at +Infinity every job has ended and says when.
  return phaseAt(video, Number.POSITIVE_INFINITY).finishedAtMs!;
}

/**
 * Tells when jobs end. The lifecycle is computed lazily from the clock, so nothing happens on its own at a job's
 * end: on a clock that announces its jumps (`ManualClock.onAdvance`) every pending job is checked after each jump;
 * on any other clock each job gets a timer for its end, re-armed if the clock has not got there yet.
 */
export class JobEndWatcher {
  readonly #pending = new Map<string, StoredVideo>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #offClock: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onEnd: JobEndListener,
  ) {
    this.#offClock = clock.onAdvance?.(() => this.#sweep());
  }

  /** Pending jobs (not ended, not deleted). */
  get size(): number {
    return this.#pending.size;
  }

  /** Starts watching a new job. */
  track(video: StoredVideo): void {
    this.#pending.set(video.id, video);
    if (this.#offClock !== undefined) this.#check(video);
    else this.#arm(video);
  }

  /** Stops watching a job (deleted). */
  untrack(id: string): void {
    this.#pending.delete(id);
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
  }

  /** Forgets every job and clears every timer. */
  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#pending.clear();
  }

  /** `clear()`, and stops listening to the clock. */
  close(): void {
    this.clear();
    this.#offClock?.();
  }

  #arm(video: StoredVideo): void {
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(endOf(video) - this.clock.now())));
    const timer = setTimeout(() => {
      this.#timers.delete(video.id);
      if (this.#pending.has(video.id) && !this.#check(video)) this.#arm(video);
    }, delay);
    this.#timers.set(video.id, timer);
  }

  /** Fires `onEnd` if `video` has ended by now; true when it has. */
  #check(video: StoredVideo): boolean {
    const now = this.clock.now();
    const { status, finishedAtMs } = phaseAt(video, now);
    if (status !== 'completed' && status !== 'failed') return false;
    this.untrack(video.id);
    this.onEnd(video, status, finishedAtMs!);
    return true;
  }

  #sweep(): void {
    for (const video of [...this.#pending.values()]) this.#check(video);
  }
}
