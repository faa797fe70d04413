import type { LoggerLike } from './logger-like.js';

/** The level methods of a `LoggerLike`. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** How a `DeferredLogger` answers without (or before) building its target. */
export interface DeferredLoggerHooks {
  /**
   * Answers `isLevelEnabled` without building the target (`undefined`: ask the target). When given, lines at a
   * disabled level are dropped before the target is built.
   */
  readonly levelEnabled?: (level: string) => boolean | undefined;
  /** Rewrites a line's arguments in place, after the target was built and before they reach it. */
  readonly prepare?: (args: unknown[]) => void;
  /** Builds `child(bindings)`; `target` builds (once) and returns this logger's target. Default: the target's child. */
  readonly child?: (bindings: Record<string, unknown>, target: () => LoggerLike) => LoggerLike;
}

/**
 * A `LoggerLike` that builds its target with `make` on first use and forwards every level method to it: the one
 * deferred forwarder behind the default pino logger (built on the first enabled line) and the per-operation lazy
 * child (built on the first line at any level).
 *
 * @example
 * ```ts
 * const log = new DeferredLogger(() => pino(), { levelEnabled: (level) => level !== 'trace' });
 * log.trace('dropped'); // pino not built
 * log.info('built now');
 * ```
 */
export class DeferredLogger implements LoggerLike {
  private target: LoggerLike | undefined;

  constructor(
    private readonly make: () => LoggerLike,
    private readonly hooks: DeferredLoggerHooks = {},
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
    const target = (): LoggerLike => this.get();
    return this.hooks.child ? this.hooks.child(bindings, target) : target().child(bindings);
  }

  isLevelEnabled(level: string): boolean {
    const known = this.hooks.levelEnabled?.(level);
    if (known !== undefined) return known;
    const target = this.get();
    return target.isLevelEnabled ? target.isLevelEnabled(level) : true;
  }

  private log(level: LogLevel, args: unknown[]): void {
    if (this.hooks.levelEnabled && !this.isLevelEnabled(level)) return;
    const target = this.get();
    this.hooks.prepare?.(args);
    (target[level] as (...a: unknown[]) => void).apply(target, args);
  }

  private get(): LoggerLike {
    return (this.target ??= this.make());
  }
}
