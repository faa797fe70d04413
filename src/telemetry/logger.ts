import pino, { type DestinationStream } from 'pino';
import type { LoggerLike } from './logger-like.js';

/** pino redact paths: auth headers (top level, one and two levels down, both spellings) and `apiKey` fields. */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  'apiKey',
  '*.apiKey',
  ...['authorization', 'Authorization', 'api-key', 'x-api-key', 'proxy-authorization'].flatMap((name) => {
    const seg = /^[A-Za-z_]\w*$/.test(name) ? `.${name}` : `["${name}"]`;
    return [`headers${seg}`, `*.headers${seg}`, `*.*.headers${seg}`];
  }),
]);

/**
 * The default logger: pino at `level`, without pid/hostname, with auth headers and `apiKey` fields
 * censored as `[REDACTED]`. sora-rx never puts secrets in log objects; this is the second line of defence.
 *
 * @example
 * ```ts
 * const logger = createDefaultLogger('debug');
 * ```
 */
export function createDefaultLogger(level: string, destination?: DestinationStream): LoggerLike {
  const options = {
    level,
    base: undefined,
    name: 'sora-rx',
    redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** True when `level` is enabled (loggers without `isLevelEnabled` count as enabled). Never throws. */
export function isLevelEnabled(logger: LoggerLike, level: string): boolean {
  try {
    return logger.isLevelEnabled ? logger.isLevelEnabled(level) : true;
  } catch {
    return false;
  }
}
