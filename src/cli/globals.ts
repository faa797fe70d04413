import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { LOG_LEVELS, type LogLevel } from './logger.js';

/** Options every command accepts. */
export interface GlobalOptions {
  json: boolean;
  baseUrl?: string;
  apiKey?: string;
  emulator: boolean;
  logLevel: LogLevel;
  verbose: boolean;
  trace: boolean;
  timeoutMs?: number;
  maxRetries?: number;
}

/** commander parser for an integer option in `[min, max]`. */
export function intOption(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        `expected an integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}`,
      );
    }
    return n;
  };
}

/** Adds the global options to the root command (commander accepts them before or after the subcommand). */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--json', 'machine-readable output: one JSON object per line, no colours, no progress bar', false)
    .option('--base-url <url>', 'API base URL (env OPENAI_BASE_URL)')
    .option('--api-key <key>', 'API key; prefer the OPENAI_API_KEY environment variable')
    .option('--emulator', 'use the embedded Sora emulator (also the default with no key and no base URL)', false)
    .addOption(new Option('--log-level <level>', 'pino log level, to stderr').choices(LOG_LEVELS).default('warn'))
    .option('--verbose', 'print stack traces with errors', false)
    .option(
      '--trace',
      'print the OpenTelemetry span tree of the run to stderr (OTLP too with OTEL_EXPORTER_OTLP_ENDPOINT)',
      false,
    )
    .option('--timeout-ms <ms>', 'per-attempt request timeout in ms', intOption(1))
    .option('--max-retries <n>', 'retries after the first attempt', intOption(0, 20));
}

/** The global options of `command` (read from the root). */
export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}
