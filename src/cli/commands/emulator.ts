import type { Command } from 'commander';
import { startEmbeddedEmulator } from '../embedded-emulator.js';
import { globalsOf, intOption } from '../globals.js';
import { Output } from '../output.js';
import type { CommandEnv } from './shared.js';

/** Adds `emulator [--port]`: the Sora emulator in the foreground until SIGINT/SIGTERM. */
export function registerEmulatorCommand(program: Command, env: CommandEnv): void {
  program
    .command('emulator')
    .description('run the Sora emulator in the foreground until Ctrl-C')
    .option('--port <port>', 'port to listen on (default: a free one)', intOption(0, 65535), 0)
    .action(async (opts: { port: number }, cmd: Command) => {
      const output = new Output(env.io, globalsOf(cmd).json);
      const emulator = await startEmbeddedEmulator(opts.port);
      if (output.json) output.jsonLine({ baseURL: emulator.baseURL, port: emulator.port });
      else {
        output.line(emulator.baseURL);
        output.info(`Sora emulator listening at ${emulator.baseURL}; try: OPENAI_BASE_URL=${emulator.baseURL} \
OPENAI_API_KEY=test sora-rx generate "a fox" (Ctrl-C stops it)`);
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
