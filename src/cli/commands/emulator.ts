import { type Command, Option } from 'commander';
import { DIALECTS, type EmulatorDialect } from '../../testing/index.js';
import { startEmbeddedEmulator } from '../embedded-emulator.js';
import { globalsOf, intOption } from '../globals.js';
import { Output } from '../output.js';
import type { CommandEnv } from './shared.js';

/** The `OPENAI_API_KEY` value printed for a keyless emulator (it accepts any key, or none). */
export const KEYLESS_PLACEHOLDER = 'sora-rx-emulator';

/**
 * Adds `emulator [--port] [--api-key] [--dialect]`: the Sora emulator in the foreground until SIGINT/SIGTERM. Without
 * `--api-key` it accepts requests with or without a key; with it, only that key. It prints the two variables a
 * client in another terminal needs (`OPENAI_BASE_URL`, `OPENAI_API_KEY`; `.env` syntax) on stdout.
 */
export function registerEmulatorCommand(program: Command, env: CommandEnv): void {
  program
    .command('emulator')
    .description(
      'run the Sora emulator in the foreground until Ctrl-C (no key needed; with --api-key <key> it requires that key)',
    )
    .option('--port <port>', 'port to listen on (default: a free one)', intOption(0, 65535), 0)
    .addOption(
      new Option('--dialect <name>', 'which service to behave like').choices(Object.keys(DIALECTS)).default('openai'),
    )
    .action(async (opts: { port: number; dialect: EmulatorDialect }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const output = new Output(env.io, globals.json);
      const apiKey = globals.apiKey || undefined;
      const emulator = await startEmbeddedEmulator(opts.port, apiKey, opts.dialect);
      if (output.json) {
        output.jsonLine({
          baseURL: emulator.baseURL,
          port: emulator.port,
          keyRequired: !!apiKey,
          dialect: emulator.dialect,
        });
      } else {
        output.line(`OPENAI_BASE_URL=${emulator.baseURL}`);
        output.line(`OPENAI_API_KEY=${apiKey === undefined ? KEYLESS_PLACEHOLDER : '<the key passed with --api-key>'}`);
        output.info(
          `Sora emulator listening at ${emulator.baseURL} (${apiKey === undefined ? 'any key or none accepted' : 'key required'}; Ctrl-C stops it).`,
        );
        output.info(
          'In another terminal, set the two variables above (or put them in .env and run node --env-file=.env app.js).',
        );
      }
      await new Promise<void>((resolve) => {
        const offs = [env.io.onSignal('SIGINT', done), env.io.onSignal('SIGTERM', done)];
        function done(): void {
          offs.forEach((off) => off());
          resolve();
        }
      });
      await emulator.close();
      output.info('Emulator stopped.');
    });
}
