import type { LoggerLike } from './logger-like.js';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * A child logger that is only created (`parent.child(bindings)`) on first use: the first log call (at any
 * level, so custom loggers behave exactly as with an eager child), `isLevelEnabled` or `child()`. Operations
 * are hot and most never log: building a pino child per call (bindings serialised, redaction applied) cost
 * more than the rest of the pipeline. If `parent.child` throws, the parent itself is used.
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

class LazyChildLogger implements LoggerLike {
  private resolved: LoggerLike | undefined;

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
    (target[level] as (...a: unknown[]) => void).apply(target, args);
  }

  private get(): LoggerLike {
    if (this.resolved === undefined) {
      try {
        this.resolved = this.parent.child(this.bindings);
      } catch {
        this.resolved = this.parent;
      }
    }
    return this.resolved;
  }
}
