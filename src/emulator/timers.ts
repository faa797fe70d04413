/** Tracks pending timers so `close()` can clear them and leave no open handle. */
export class TimerSet {
  readonly #timers = new Set<NodeJS.Timeout>();

  /** Resolves after `ms`; never resolves if `clearAll()` runs first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  /** Clears every pending timer. */
  clearAll(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
