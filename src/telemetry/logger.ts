import type { DestinationStream } from 'pino';
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
  return new DeferredLogger(level, () =>
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
class DeferredLogger implements LoggerLike {
  private logger: LoggerLike | undefined;
  private readonly threshold: number | undefined;

  constructor(
    private readonly level: string,
    private readonly make: () => LoggerLike,
  ) {
    this.threshold = LEVEL_VALUES[level];
  }

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
    return new DeferredLogger(this.level, () => this.get().child(bindings));
  }

  isLevelEnabled(level: string): boolean {
    const value = LEVEL_VALUES[level];
    if (this.threshold === undefined || value === undefined) return this.get().isLevelEnabled?.(level) ?? true;
    return value >= this.threshold && value !== LEVEL_VALUES['silent'];
  }

  private log(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', args: unknown[]): void {
    if (!this.isLevelEnabled(level)) return;
    const target = this.get();
    (target[level] as (...a: unknown[]) => void).apply(target, args);
  }

  private get(): LoggerLike {
    return (this.logger ??= this.make());
  }
}
