import { CommanderError } from 'commander';
import type { CommandEnv } from './commands/shared.js';
import { ExitCode, exitCodeFor, formatErrorLine, reportFor } from './errors.js';
import type { CliIo } from './io.js';
import { Output } from './output.js';
import { buildProgram } from './program.js';

/**
 * Runs `sora-rx` with `argv` (without `node` and the script) on `io`; resolves with the exit code
 * (0 success, 1 API or job failure, 2 bad usage, 130 interrupted). Never rejects.
 *
 * @example
 * ```ts
 * process.exitCode = await run(process.argv.slice(2), processIo());
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const env: CommandEnv = { io, exitCode: ExitCode.ok };
  const program = buildProgram(env);
  let action: string | undefined;
  program.hook('preAction', (_root, actionCommand) => {
    action = actionCommand.name();
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return env.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeFor(error);
    const opts = program.opts<{ json?: boolean; verbose?: boolean; apiKey?: string }>();
    const output = new Output(io, opts.json === true || argv.includes('--json'));
    output.addSecret(opts.apiKey);
    output.addSecret(io.env['OPENAI_API_KEY']);
    if (output.json) output.info(JSON.stringify({ error: reportFor(error, action) }));
    else output.info(output.paint('red', formatErrorLine(error, action)));
    if (opts.verbose === true && error instanceof Error && error.stack) output.info(error.stack);
    return exitCodeFor(error);
  }
}
