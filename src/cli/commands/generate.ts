import { Option, type Command } from 'commander';
import type { VideoSize } from '../../index.js';
import { intOption } from '../globals.js';
import { VARIANTS } from '../paths.js';
import { runGenerate } from './generate-run.js';
import type { GenerateOptions } from './generate-params.js';
import { withSession, type CommandEnv } from './shared.js';

const SIZES: VideoSize[] = ['720x1280', '1280x720', '1024x1792', '1792x1024'];

/** Adds `generate "<prompt>"`: create, watch with a progress bar, download, print the paths. */
export function registerGenerateCommand(program: Command, env: CommandEnv): void {
  program
    .command('generate')
    .description('create a video, follow it with a progress bar, and download it')
    .argument('<prompt>', 'what the video shows')
    .option('--model <model>', 'model, e.g. sora-2 or sora-2-pro')
    .addOption(new Option('--seconds <seconds>', 'clip length').choices(['4', '8', '12']))
    .addOption(new Option('--size <size>', 'resolution').choices(SIZES))
    .option('--input-reference <file>', 'image (or video) the clip starts from')
    .addOption(
      new Option('--out <file>', 'file for the first variant; the others share its base name').conflicts('outDir'),
    )
    .option('--out-dir <dir>', 'directory for <id>.mp4 / <id>.webp / <id>.spritesheet.webp (default: .)')
    .addOption(new Option('--variant <variant...>', 'assets to download (default: video)').choices(VARIANTS))
    .option('--thumbnail', 'also download the thumbnail', false)
    .option('--cancel-on-exit', 'on Ctrl-C, cancel the job on the server without asking', false)
    .option('--poll-interval <ms>', 'base poll interval in ms', intOption(50))
    .action((prompt: string, opts: GenerateOptions, cmd: Command) =>
      withSession(env, cmd, (session) => runGenerate(session, env.io, prompt, opts)),
    );
}
