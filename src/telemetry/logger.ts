import type { DestinationStream } from 'pino';
import { DeferredLogger } from './deferred-logger.js';
import type { LoggerLike } from './logger-like.js';

/** Credential header names (both spellings where clients send them) censored under any `headers` object. */
const CREDENTIAL_HEADER_NAMES = [
  'authorization',
  'Authorization',
  'api-key',
  'Api-Key',
  'x-api-key',
  'X-Api-Key',
  'x-litellm-api-key',
  'proxy-authorization',
  'Proxy-Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
];

/**
 * pino redact paths shared by the library's default logger and the CLI: credential headers (top level, one and two
 * levels down) and `apiKey` fields.
 *
 * @example
 * ```ts
 * pino({ redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' } });
 * ```
 */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  'apiKey',
  '*.apiKey',
  ...CREDENTIAL_HEADER_NAMES.flatMap((name) => {
    const seg = /^[A-Za-z_]\w*$/.test(name) ? `.${name}` : `["${name}"]`;
    return [`headers${seg}`, `*.headers${seg}`, `*.*.headers${seg}`];
  }),
]);

/** pino's level numbers (`silent` is above everything). */
const LEVEL_VALUES: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

type PinoFactory = (options: object, destination: DestinationStream) => LoggerLike;

/** Loads pino (CommonJS) synchronously, on the first line actually logged. */
function loadPino(): PinoFactory {
  return process.getBuiltinModule('node:module').createRequire(import.meta.url)('pino') as PinoFactory;
}

/**
 * The default logger: pino at `level` writing JSON lines to **stderr** (or `destination`), without pid/hostname,
 * named `sora-rx`, with auth headers and `apiKey` fields censored as `[REDACTED]`. sora-rx never puts secrets in log
 * objects; this is the second line of defence. Nothing is loaded or created until something is logged at an enabled
 * level (`isLevelEnabled` and disabled levels are answered without pino), so importing or creating a client costs
 * nothing here.
 *
 * @example
 * ```ts
 * const logger = createDefaultLogger('debug');
 * logger.debug({ videoId: 'video_123' }, 'polled'); // one JSON line on stderr
 * ```
 */
export function createDefaultLogger(level: string, destination?: DestinationStream): LoggerLike {
  return deferredAtLevel(level, () =>
    loadPino()(
      { level, base: undefined, name: 'sora-rx', redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' } },
      destination ?? process.stderr,
    ),
  );
}

/** True when `level` is enabled (loggers without `isLevelEnabled` count as enabled). Never throws. */
export function isLevelEnabled(logger: LoggerLike, level: string): boolean {
  try {
    return logger.isLevelEnabled ? logger.isLevelEnabled(level) : true;
  } catch {
    return false;
  }
}

/**
 * A pino logger (or child) built by `make` on the first line logged at an enabled level; the level check needs no
 * pino (a pino child inherits its parent's level, so children share the threshold).
 */
function deferredAtLevel(level: string, make: () => LoggerLike): LoggerLike {
  const threshold = LEVEL_VALUES[level];
  return new DeferredLogger(make, {
    levelEnabled: (asked) => {
      const value = LEVEL_VALUES[asked];
      if (threshold === undefined || value === undefined) return undefined;
      return value >= threshold && value !== LEVEL_VALUES['silent'];
    },
    child: (bindings, target) => deferredAtLevel(level, () => target().child(bindings)),
  });
}
