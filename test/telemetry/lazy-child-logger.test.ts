import { describe, expect, it } from 'vitest';
import { lazyChildLogger } from '../../src/telemetry/lazy-child-logger.js';
import { noopLogger, type LoggerLike } from '../../src/telemetry/logger-like.js';
import { captureLogs } from '../helpers/log-capture.js';
import { duplicateKeys, topLevelKeys } from '../helpers/json-keys.js';

describe('lazyChildLogger', () => {
  it('creates the child once, on first use (even for a level the parent reports disabled)', () => {
    let children = 0;
    const warnings: unknown[] = [];
    const parent: LoggerLike = {
      ...noopLogger,
      isLevelEnabled: () => false,
      warn: (...args: unknown[]) => warnings.push(args),
      child: () => (children++, parent),
    };
    const log = lazyChildLogger(parent, { operation: 'op' });
    expect(children).toBe(0);
    log.warn({ a: 1 }, 'on');
    log.warn('again');
    expect(children).toBe(1);
    expect(warnings).toHaveLength(2);
    expect(log.isLevelEnabled?.('debug')).toBe(false);
  });

  it('drops merge-object keys that repeat a binding with the same value (no key twice in a line)', () => {
    const logs = captureLogs('debug');
    const log = lazyChildLogger(logs.logger, { operation: 'getVideoStatus' });
    const fields = { operation: 'getVideoStatus', status: 503 };
    log.warn(fields, 'retrying request');
    log.warn({ operation: 'other' }, 'differs');
    expect(fields).toEqual({ operation: 'getVideoStatus', status: 503 }); // the caller's object is untouched
    expect(duplicateKeys(logs.raw[0]!)).toEqual([]);
    expect(logs.lines[0]).toMatchObject({ operation: 'getVideoStatus', status: 503 });
    expect(topLevelKeys(logs.raw[1]!).filter((k) => k === 'operation')).toHaveLength(2); // kept: it is information
  });

  it('logs with the bindings of a real child', () => {
    const logs = captureLogs('debug');
    lazyChildLogger(logs.logger, { operation: 'getVideoStatus' }).debug({ a: 1 }, 'hello');
    expect(logs.lines.at(-1)).toMatchObject({ operation: 'getVideoStatus', a: 1, msg: 'hello' });
  });

  it('falls back to the parent when child() throws, and logs for loggers without isLevelEnabled', () => {
    const seen: unknown[] = [];
    const parent: LoggerLike = {
      ...noopLogger,
      isLevelEnabled: undefined,
      info: (...args: unknown[]) => seen.push(args),
      child: () => {
        throw new Error('no child');
      },
    };
    lazyChildLogger(parent, { operation: 'x' }).info('m');
    expect(seen).toEqual([['m']]);
  });
});
