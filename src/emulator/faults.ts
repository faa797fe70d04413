import type { Fault, FaultHandle } from './types.js';

interface Entry {
  id: number;
  fault: Fault;
  method: string | undefined;
  path: RegExp | undefined;
  remaining: number;
  hits: number;
}

/** Compiles a fault path: a RegExp as-is; a string relative to `/v1`, where `*` matches one segment. */
function compilePath(path: string | RegExp | undefined): RegExp | undefined {
  if (path === undefined || path instanceof RegExp) return path;
  const relative = path.startsWith('/v1/') || path === '/v1' ? path.slice(3) : path;
  const source = relative
    .split('*')
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}/?$`);
}

function validate(fault: Fault): void {
  const { times, probability } = fault;
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    throw new RangeError(`fault.times must be an integer >= 1, got ${times}`);
  }
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new RangeError(`fault.probability must be within 0..1, got ${probability}`);
  }
  if (fault.kind === 'status' && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
    throw new RangeError(`fault.status must be an HTTP status, got ${fault.status}`);
  }
}

/** Scripted faults, matched in injection order; each request takes at most one. */
export class FaultRegistry {
  #entries: Entry[] = [];
  #nextId = 1;

  constructor(private readonly random: () => number) {}

  /** Adds a fault and returns its handle. */
  add(fault: Fault): FaultHandle {
    validate(fault);
    const entry: Entry = {
      id: this.#nextId++,
      fault: { ...fault },
      method: fault.method?.toUpperCase(),
      path: compilePath(fault.path),
      remaining: fault.probability !== undefined ? Infinity : (fault.times ?? 1),
      hits: 0,
    };
    this.#entries.push(entry);
    return this.#handle(entry);
  }

  /** Handles of the faults still active. */
  list(): FaultHandle[] {
    return this.#entries.map((entry) => this.#handle(entry));
  }

  /** Removes every fault. */
  clear(): void {
    this.#entries = [];
  }

  /** The fault to apply to this request, if any (consumes one application). */
  take(method: string, path: string): Fault | undefined {
    if (this.#entries.length === 0) return undefined;
    for (const entry of this.#entries) {
      if (entry.method !== undefined && entry.method !== method) continue;
      if (entry.path !== undefined && !entry.path.test(path)) continue;
      if (entry.fault.probability !== undefined && this.random() >= entry.fault.probability) continue;
      entry.hits++;
      entry.remaining--;
      if (entry.remaining <= 0) this.#remove(entry.id);
      return entry.fault;
    }
    return undefined;
  }

  #remove(id: number): void {
    this.#entries = this.#entries.filter((entry) => entry.id !== id);
  }

  #handle(entry: Entry): FaultHandle {
    const remove = (): void => this.#remove(entry.id);
    return {
      id: entry.id,
      fault: entry.fault,
      get remaining() {
        return entry.remaining;
      },
      get hits() {
        return entry.hits;
      },
      cancel: remove,
    };
  }
}
