import type { Command } from 'commander';
import { lastValueFrom, takeUntil, tap } from 'rxjs';
import { ExitCode } from '../errors.js';
import { intOption } from '../globals.js';
import { watchInterrupts } from '../interrupt.js';
import { createProgressView } from '../progress.js';
import { withSession, type CommandEnv } from './shared.js';

/** Adds `watch ID`: follow a job until it ends (progress bar, or JSON lines). Ctrl-C stops watching only. */
export function registerWatchCommand(program: Command, env: CommandEnv): void {
  program
    .command('watch')
    .description('follow a job until it completes or fails (Ctrl-C stops watching; the job keeps running)')
    .argument('<id>', 'video id')
    .option('--poll-interval <ms>', 'base poll interval in ms', intOption(50))
    .action((id: string, opts: { pollInterval?: number }, cmd: Command) =>
      withSession(env, cmd, async ({ sora, output, watch }) => {
        const interrupts = watchInterrupts(env.io, (l) => output.info(l));
        const view = createProgressView(output, id);
        const schedule = opts.pollInterval === undefined ? watch : { ...watch, intervalMs: opts.pollInterval };
        try {
          const last = await lastValueFrom(
            sora.watchVideo(id, schedule).pipe(
              takeUntil(interrupts.first$),
              tap((video) => (output.json ? output.jsonLine(video) : view.update(video))),
            ),
            { defaultValue: undefined },
          );
          view.stop();
          if (interrupts.interrupted) {
            output.info(`Stopped watching ${id}; it keeps running on the server.`);
            return ExitCode.interrupted;
          }
          if (!output.json && last) output.line(`${last.id} ${last.status}`);
          return ExitCode.ok;
        } finally {
          view.stop();
          interrupts.dispose();
        }
      }),
    );
}
