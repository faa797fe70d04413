import { type Command, Option } from 'commander';
import { DIALECTS, type EmulatorDialect } from '../../testing/index.js';
import { startEmbeddedEmulator, type SoraEmulator } from '../embedded-emulator.js';
import { UsageError } from '../errors.js';
import { globalsOf, intOption } from '../globals.js';
import { Output } from '../output.js';
import type { CommandEnv } from './shared.js';

/** The `OPENAI_API_KEY` value printed for a keyless emulator (it accepts any key, or none). */
export const KEYLESS_PLACEHOLDER = 'sora-rx-emulator';

interface EmulatorCommandOptions {
  port: number;
  dialect: EmulatorDialect;
  webhookUrl?: string;
  webhookSecret?: string;
}

/** The webhook URL without credentials, for output. */
function shownUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}

/** Starts the emulator; bad webhook flags are usage errors (their messages never repeat the secret). */
async function startWith(opts: EmulatorCommandOptions, apiKey: string | undefined): Promise<SoraEmulator> {
  const { webhookUrl: url, webhookSecret: secret } = opts;
  if ((url === undefined) !== (secret === undefined)) {
    throw new UsageError('--webhook-url and --webhook-secret go together');
  }
  const webhook = url === undefined ? undefined : { url, secret: secret! };
  try {
    return await startEmbeddedEmulator(opts.port, apiKey, opts.dialect, webhook);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Adds `emulator [--port] [--api-key] [--dialect] [--webhook-url --webhook-secret]`: the Sora emulator in the
 * foreground until SIGINT/SIGTERM. Without `--api-key` it accepts requests with or without a key; with it, only that
 * key. It prints the two variables a client in another terminal needs (`OPENAI_BASE_URL`, `OPENAI_API_KEY`; `.env`
 * syntax) on stdout. With the webhook flags it POSTs signed `video.completed` / `video.failed` events when jobs end.
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
    .option('--webhook-url <url>', 'POST signed video.completed / video.failed events here when jobs end')
    .option('--webhook-secret <secret>', 'Standard Webhooks signing secret for --webhook-url (whsec_<base64>)')
    .action(async (opts: EmulatorCommandOptions, cmd: Command) => {
      const globals = globalsOf(cmd);
      const output = new Output(env.io, globals.json);
      const apiKey = globals.apiKey || undefined;
      const emulator = await startWith(opts, apiKey);
      const webhookUrl = opts.webhookUrl === undefined ? undefined : shownUrl(opts.webhookUrl);
      if (output.json) {
        output.jsonLine({
          baseURL: emulator.baseURL,
          port: emulator.port,
          keyRequired: !!apiKey,
          dialect: emulator.dialect,
          ...(webhookUrl ? { webhookUrl } : {}),
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
        if (webhookUrl) output.info(`Signed webhooks go to ${webhookUrl} when jobs end.`);
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
