import { InvalidArgumentError, Option, type Command } from 'commander';
import { intOption } from '../globals.js';
import { VARIANTS } from '../paths.js';
import { runGenerate } from './generate-run.js';
import type { GenerateOptions } from './generate-params.js';
import { withSession, type CommandEnv } from './shared.js';

/** A commander parser that accepts `value` when it matches `form` (the server decides which values it renders). */
const byForm =
  (form: RegExp, expected: string) =>
  (value: string): string => {
    if (!form.test(value)) throw new InvalidArgumentError(`expected ${expected}`);
    return value;
  };

/** Adds `generate "<prompt>"`: create, watch with a progress bar, download, print the paths. */
export function registerGenerateCommand(program: Command, env: CommandEnv): void {
  program
    .command('generate')
    .description('create a video, follow it with a progress bar, and download it')
    .argument('<prompt>', 'what the video shows')
    .option('--model <model>', 'model, e.g. sora-2 or sora-2-pro')
    .option('--seconds <seconds>', 'clip length, e.g. 4, 8 or 12', byForm(/^[1-9]\d*$/, 'a positive integer'))
    .option('--size <size>', 'resolution, e.g. 1280x720', byForm(/^[1-9]\d*x[1-9]\d*$/, '<width>x<height>'))
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
