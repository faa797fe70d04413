import {
  startSoraEmulator,
  type EmulatorDialect,
  type EmulatorWebhookOptions,
  type SoraEmulator,
} from '../testing/index.js';

export type { SoraEmulator };

/** Emulator timings for the CLI: a 4 s clip renders in about 3 s, so a demo generate takes a few seconds. */
export const CLI_EMULATOR_OPTIONS = { queueMs: 400, renderMs: 2600 } as const;

/**
 * Starts the Sora emulator in this process (loopback, free port unless `port` is given). It accepts requests with
 * or without a key, unless `apiKey` is given (then only that key). With `webhook` it POSTs signed
 * `video.completed` / `video.failed` events when jobs end.
 *
 * @example
 * ```ts
 * const emulator = await startEmbeddedEmulator();
 * console.log(emulator.baseURL);
 * ```
 */
export function startEmbeddedEmulator(
  port = 0,
  apiKey?: string,
  dialect: EmulatorDialect = 'openai',
  webhook?: EmulatorWebhookOptions,
): Promise<SoraEmulator> {
  return startSoraEmulator({
    ...CLI_EMULATOR_OPTIONS,
    port,
    apiKey: apiKey ?? null,
    dialect,
    ...(webhook === undefined ? {} : { webhook }),
  });
}
