/** A queued start; `null` once started or cancelled. */
interface Entry {
  start: (() => void) | null;
}

/**
 * Lets at most `limit` requests reach axios at once (the keep-alive agent's `maxSockets`); the rest wait here
 * in FIFO order, as they would in the agent's own queue, but holding one closure instead of an axios config,
 * a `ClientRequest`, headers and listeners. So subscribing to 10,000 watches stays cheap and their first polls
 * are sent as sockets free up. `Infinity` (or any non-positive/NaN limit) starts everything at once.
 *
 * @example
 * ```ts
 * const gate = new RequestGate(50);
 * const cancel = gate.run(() => send().finally(() => gate.release()));
 * ```
 */
export class RequestGate {
  private active = 0;
  private queue: Entry[] = [];
  private head = 0;
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit > 0 ? limit : Number.POSITIVE_INFINITY;
  }

  /** Requests started and not yet released. */
  get inFlight(): number {
    return this.active;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    let n = 0;
    for (let i = this.head; i < this.queue.length; i++) if (this.queue[i]?.start) n++;
    return n;
  }

  /**
   * Runs `start` now if a slot is free, else when one is released. The caller must call {@link release} once
   * per started request. Returns a function that removes a still-queued `start` (no-op once started).
   */
  run(start: () => void): () => void {
    if (this.active < this.limit) {
      this.active++;
      start();
      return noop;
    }
    const entry: Entry = { start };
    this.queue.push(entry);
    return () => {
      entry.start = null;
    };
  }

  /** Frees the slot of a started request and starts the next queued one. */
  release(): void {
    this.active--;
    while (this.head < this.queue.length && this.active < this.limit) {
      const entry = this.queue[this.head++]!;
      const start = entry.start;
      if (!start) continue;
      entry.start = null;
      this.active++;
      start();
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

const noop = (): void => undefined;
