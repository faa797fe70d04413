import type { LoggerLike } from './logger-like.js';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * A child logger that is only created (`parent.child(bindings)`) on first use: the first log call (at any
 * level, so custom loggers behave exactly as with an eager child), `isLevelEnabled` or `child()`. Operations
 * are hot and most never log: building a pino child per call (bindings serialised, redaction applied) cost
 * more than the rest of the pipeline. If `parent.child` throws, the parent itself is used. A merge object's keys that
 * repeat a binding with the same value are dropped, so no key appears twice in a line.
 *
 * @example
 * ```ts
 * const log = lazyChildLogger(pino({ level: 'warn' }), { operation: 'getVideoStatus' });
 * // no child built until something is logged
 * ```
 */
export function lazyChildLogger(parent: LoggerLike, bindings: Record<string, unknown>): LoggerLike {
  return new LazyChildLogger(parent, bindings);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `fields` without the keys the child already binds to the same value: pino writes bindings and the merge object
 * side by side, so `operation` would appear twice in one line. A differing value is kept (it is information).
 */
function withoutBound(fields: Record<string, unknown>, bindings: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(bindings)) {
    if (Object.prototype.hasOwnProperty.call(fields, key) && Object.is(fields[key], bindings[key])) {
      out ??= { ...fields };
      delete out[key];
    }
  }
  return out ?? fields;
}

class LazyChildLogger implements LoggerLike {
  private resolved: LoggerLike | undefined;
  /** True once `parent.child(bindings)` succeeded (the bindings are in every line). */
  private bound = false;

  constructor(
    private readonly parent: LoggerLike,
    private readonly bindings: Record<string, unknown>,
  ) {}

  trace(...args: unknown[]): void {
    this.log('trace', args);
  }

  debug(...args: unknown[]): void {
    this.log('debug', args);
  }

  info(...args: unknown[]): void {
    this.log('info', args);
  }

  warn(...args: unknown[]): void {
    this.log('warn', args);
  }

  error(...args: unknown[]): void {
    this.log('error', args);
  }

  child(bindings: Record<string, unknown>): LoggerLike {
    return this.get().child(bindings);
  }

  isLevelEnabled(level: string): boolean {
    const target = this.get();
    return target.isLevelEnabled ? target.isLevelEnabled(level) : true;
  }

  private log(level: Level, args: unknown[]): void {
    const target = this.get();
    const merged = args[0];
    if (this.bound && isPlainObject(merged)) args[0] = withoutBound(merged, this.bindings);
    (target[level] as (...a: unknown[]) => void).apply(target, args);
  }

  private get(): LoggerLike {
    if (this.resolved === undefined) {
      try {
        this.resolved = this.parent.child(this.bindings);
        this.bound = true;
      } catch {
        this.resolved = this.parent;
      }
    }
    return this.resolved;
  }
}
