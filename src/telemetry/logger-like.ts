/** A pino-style log method: merge object first, then message. */
export interface LogFn {
  (obj: object, msg?: string, ...args: unknown[]): void;
  (msg: string, ...args: unknown[]): void;
}

/** Anything with pino's level methods and `child()`; a pino logger satisfies it. */
export interface LoggerLike {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): LoggerLike;
  /** Optional, as in pino: lets hot paths skip building log objects. */
  isLevelEnabled?(level: string): boolean;
}

const noop = (): void => undefined;

/** A logger that drops everything. */
export const noopLogger: LoggerLike = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => noopLogger,
  isLevelEnabled: () => false,
};
