import { Command } from 'commander';
import { SDK_VERSION } from '../util/version.js';
import { registerEmulatorCommand } from './commands/emulator.js';
import { registerGenerateCommand } from './commands/generate.js';
import type { CommandEnv } from './commands/shared.js';
import { registerVideoCommands } from './commands/videos.js';
import { registerWatchCommand } from './commands/watch.js';
import { addGlobalOptions } from './globals.js';

/**
 * The `sora-rx` command tree. Commander's own exits are turned into thrown `CommanderError`s (`exitOverride`), and
 * its help and usage messages go to `env.io`.
 *
 * @example
 * ```ts
 * await buildProgram(env).parseAsync(['status', 'video_123'], { from: 'user' });
 * ```
 */
export function buildProgram(env: CommandEnv): Command {
  const program = new Command('sora-rx')
    .description('OpenAI Sora Videos from the command line (runs on an embedded emulator when no API key is set)')
    .version(SDK_VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run sora-rx --help for usage)')
    .configureOutput({
      writeOut: (s) => env.io.stdout.write(s),
      writeErr: (s) => env.io.stderr.write(s),
    });
  addGlobalOptions(program);
  registerGenerateCommand(program, env);
  registerWatchCommand(program, env);
  registerVideoCommands(program, env);
  registerEmulatorCommand(program, env);
  return program;
}
