import pino from 'pino';
import type { LoggerLike } from '../index.js';
import type { Output } from './output.js';

/** pino levels accepted by `--log-level`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const LEVEL_COLOURS: Record<number, 'dim' | 'cyan' | 'yellow' | 'red'> = {
  10: 'dim',
  20: 'dim',
  30: 'cyan',
  40: 'yellow',
  50: 'red',
  60: 'red',
};
const REDACT_PATHS = [
  'apiKey',
  '*.apiKey',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
];

/**
 * A pino logger writing to stderr through `output` (so the key is scrubbed): JSON lines, or a short readable
 * line per record on a TTY.
 *
 * @example
 * ```ts
 * const logger = createCliLogger('debug', output);
 * ```
 */
export function createCliLogger(level: LogLevel, output: Output): LoggerLike {
  const pretty = output.interactive;
  const destination = {
    write(line: string): void {
      output.rawErr(pretty ? prettyLine(line, output) : line);
    },
  };
  return pino({ level, base: undefined, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } }, destination);
}

/** Formats one pino JSON line as `12:00:01.123 WARN  message key=value …`. Unparsable lines pass through. */
export function prettyLine(line: string, output: Pick<Output, 'paint'>): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { level, time, msg, ...rest } = record;
  const n = typeof level === 'number' ? level : 30;
  const when = typeof time === 'number' ? new Date(time).toISOString().slice(11, 23) : '';
  const name = (LEVEL_NAMES[n] ?? String(level)).padEnd(5);
  const fields = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const text = [output.paint('dim', when), output.paint(LEVEL_COLOURS[n] ?? 'dim', name), String(msg ?? '')]
    .filter((s) => s !== '')
    .join(' ');
  return `${text}${fields ? ' ' + output.paint('dim', fields) : ''}\n`;
}
