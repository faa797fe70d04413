import pino from 'pino';
import type { LoggerLike } from '../../src/telemetry/logger-like.js';
import { REDACT_PATHS } from '../../src/telemetry/logger.js';

/** Captured log output of a pino logger. */
export interface LogCapture {
  readonly logger: LoggerLike;
  /** Raw JSON lines as pino wrote them. */
  readonly raw: string[];
  /** Parsed lines. */
  readonly lines: Array<Record<string, unknown>>;
  /** Everything written, joined (grep it for secrets). */
  text(): string;
}

/** A pino logger at `level` (default `trace`) writing to memory, with the library's redact paths. */
export function captureLogs(level = 'trace'): LogCapture {
  const raw: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level, base: undefined, redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' } },
    {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  return { logger, raw, lines, text: () => raw.join('') };
}
