import { DeferredLogger } from './deferred-logger.js';
import type { LoggerLike } from './logger-like.js';

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
  let bound = false; // true once `parent.child(bindings)` succeeded (the bindings are in every line)
  const make = (): LoggerLike => {
    try {
      const child = parent.child(bindings);
      bound = true;
      return child;
    } catch {
      return parent;
    }
  };
  return new DeferredLogger(make, {
    prepare: (args) => {
      const merged = args[0];
      if (bound && isPlainObject(merged)) args[0] = withoutBound(merged, bindings);
    },
  });
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
