import { describe, expect, it, vi } from 'vitest';
import { createDefaultLogger, isLevelEnabled } from '../../src/telemetry/logger.js';
import { noopLogger } from '../../src/telemetry/logger-like.js';

describe('createDefaultLogger', () => {
  it('writes JSON without pid/hostname and redacts auth headers at several depths', () => {
    const out: string[] = [];
    const logger = createDefaultLogger('info', { write: (line: string) => void out.push(line) });
    logger.info(
      {
        headers: { authorization: 'Bearer sk-abc', 'api-key': 'k1' },
        req: { headers: { Authorization: 'Bearer x' } },
        deep: { req: { headers: { 'x-api-key': 'k2' } } },
        apiKey: 'k3',
      },
      'hello',
    );
    logger.debug('hidden');
    expect(out).toHaveLength(1);
    const line = JSON.parse(out[0]!) as Record<string, unknown>;
    expect(line.pid).toBeUndefined();
    expect(line.hostname).toBeUndefined();
    expect(out[0]).not.toMatch(/sk-abc|k1|k2|k3|Bearer x/);
    expect(out[0]).toContain('[REDACTED]');
  });

  it('honours the level, for itself and its children', () => {
    const out: string[] = [];
    const logger = createDefaultLogger('warn', { write: (line: string) => void out.push(line) });
    expect(isLevelEnabled(logger, 'warn')).toBe(true);
    expect(isLevelEnabled(logger, 'info')).toBe(false);
    const child = logger.child({ operation: 'op' });
    expect(isLevelEnabled(child, 'info')).toBe(false);
    child.info('dropped');
    child.warn({ a: 1 }, 'kept');
    expect(out.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({ level: 40, name: 'sora-rx', operation: 'op', a: 1, msg: 'kept' }),
    ]);
    expect(isLevelEnabled(createDefaultLogger('silent'), 'fatal')).toBe(false);
  });

  it('writes to stderr, never to stdout', () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const logger = createDefaultLogger('trace');
      logger.warn({ retryNumber: 1 }, 'retrying request');
      logger.child({ operation: 'op' }).error('failed');
      expect(stdout).not.toHaveBeenCalled();
      const lines = stderr.mock.calls.map((c) => String(c[0]));
      expect(lines.filter((l) => l.includes('"name":"sora-rx"'))).toHaveLength(2);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });

  it('isLevelEnabled treats loggers without the method as enabled', () => {
    const { isLevelEnabled: _drop, ...plain } = noopLogger;
    expect(isLevelEnabled(plain, 'debug')).toBe(true);
    expect(isLevelEnabled(noopLogger, 'debug')).toBe(false);
  });
});
