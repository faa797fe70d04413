import { Option, type Command } from 'commander';
import { firstValueFrom, lastValueFrom, take, tap, toArray } from 'rxjs';
import type { VideoContentVariant, VideoListOrder } from '../../index.js';
import { describeVideo, formatTable } from '../format.js';
import { intOption } from '../globals.js';
import { formatBytes, pathsFor, VARIANTS } from '../paths.js';
import { withSession, type CommandEnv } from './shared.js';

/** Adds `status`, `list`, `download`, `remix` and `delete`. */
export function registerVideoCommands(program: Command, env: CommandEnv): void {
  program
    .command('status')
    .description('show one video job')
    .argument('<id>', 'video id')
    .action((id: string, _o: unknown, cmd: Command) =>
      withSession(env, cmd, async ({ sora, output }) => {
        const video = await firstValueFrom(sora.getVideoStatus(id));
        if (output.json) output.jsonLine(video);
        else describeVideo(video).forEach((l) => output.line(l));
      }),
    );

  program
    .command('list')
    .description('list your videos (a table)')
    .option('--limit <n>', 'how many videos', intOption(1, 1000), 20)
    .addOption(new Option('--order <order>', 'by creation time').choices(['asc', 'desc']).default('desc'))
    .action((opts: { limit: number; order: VideoListOrder }, cmd: Command) =>
      withSession(env, cmd, async ({ sora, output }) => {
        const page = Math.min(opts.limit, 100);
        const videos$ = sora.listVideos({ limit: page, order: opts.order }).pipe(take(opts.limit));
        if (output.json) {
          await lastValueFrom(videos$.pipe(tap((v) => output.jsonLine(v))), { defaultValue: undefined });
          return;
        }
        const videos = await lastValueFrom(videos$.pipe(toArray()));
        formatTable(videos).forEach((l) => output.line(l));
      }),
    );

  program
    .command('download')
    .description('download a completed video (or its thumbnail / spritesheet)')
    .argument('<id>', 'video id')
    .addOption(new Option('--variant <variant>', 'which asset').choices(VARIANTS).default('video'))
    .option('--out <file>', 'file to write (default ./<id>.mp4, .webp, .spritesheet.webp)')
    .action((id: string, opts: { variant: VideoContentVariant; out?: string }, cmd: Command) =>
      withSession(env, cmd, async ({ sora, output }) => {
        const [destination] = pathsFor(id, [opts.variant], { out: opts.out });
        const done = await lastValueFrom(sora.downloadVideo(id, { destination: destination!, variant: opts.variant }));
        const path = done.path ?? destination!;
        if (output.json) output.jsonLine({ id, variant: opts.variant, path, bytes: done.bytesWritten });
        else output.line(`${opts.variant}: ${path} (${formatBytes(done.bytesWritten)})`);
      }),
    );

  program
    .command('remix')
    .description('start a new job from a completed video with a new prompt')
    .argument('<id>', 'completed video id')
    .argument('<prompt>', 'what to change')
    .action((id: string, prompt: string, _o: unknown, cmd: Command) =>
      withSession(env, cmd, async ({ sora, output }) => {
        const video = await firstValueFrom(sora.remixVideo(id, { prompt }));
        if (output.json) output.jsonLine(video);
        else output.line(`${video.id} ${video.status} (remix of ${id}); follow it with: sora-rx watch ${video.id}`);
      }),
    );

  program
    .command('delete')
    .description('delete a video and its assets')
    .argument('<id>', 'video id')
    .action((id: string, _o: unknown, cmd: Command) =>
      withSession(env, cmd, async ({ sora, output }) => {
        const deleted = await firstValueFrom(sora.deleteVideo(id));
        if (output.json) output.jsonLine(deleted);
        else output.line(`Deleted ${deleted.id}`);
      }),
    );
}
