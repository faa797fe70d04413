import { describe, expect, it } from 'vitest';
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

  it('defaults to stdout and honours the level', () => {
    const logger = createDefaultLogger('warn');
    expect(isLevelEnabled(logger, 'warn')).toBe(true);
    expect(isLevelEnabled(logger, 'info')).toBe(false);
  });

  it('isLevelEnabled treats loggers without the method as enabled', () => {
    const { isLevelEnabled: _drop, ...plain } = noopLogger;
    expect(isLevelEnabled(plain, 'debug')).toBe(true);
    expect(isLevelEnabled(noopLogger, 'debug')).toBe(false);
  });
});
