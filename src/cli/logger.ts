import { createRequire } from 'node:module';
import pino from 'pino';
import type { LoggerLike } from '../index.js';
import { REDACT_PATHS } from '../telemetry/logger.js';
import type { Output } from './output.js';

/** pino levels accepted by `--log-level`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

type PrettyFactory = (options: Record<string, unknown>) => (line: string) => string;

/**
 * A pino-pretty formatter for one JSON line: `[12:00:01.123] WARN (sora-rx): retrying request {"operation":…}`,
 * coloured only when `colour` is set. pino-pretty is loaded on first use (only human-mode runs that log need it).
 *
 * @example
 * ```ts
 * const pretty = createPrettifier(false);
 * process.stderr.write(pretty('{"level":40,"time":0,"msg":"retrying"}'));
 * ```
 */
export function createPrettifier(colour: boolean): (line: string) => string {
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as { prettyFactory: PrettyFactory };
  return prettyFactory({ colorize: colour, singleLine: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' });
}

/**
 * A pino logger writing to stderr through `output` (so the key is scrubbed): JSON lines with `--json`, otherwise
 * one readable pino-pretty line per record (coloured on a terminal), so a human never sees raw JSON.
 *
 * @example
 * ```ts
 * const logger = createCliLogger('debug', output);
 * ```
 */
export function createCliLogger(level: LogLevel, output: Output): LoggerLike {
  let pretty: ((line: string) => string) | undefined;
  const destination = {
    write(line: string): void {
      if (output.json) {
        output.rawErr(line);
        return;
      }
      pretty ??= createPrettifier(output.colour);
      output.rawErr(pretty(line));
    },
  };
  return pino(
    { level, base: undefined, name: 'sora-rx', redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' } },
    destination,
  );
}
