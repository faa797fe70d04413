import { createSoraClient, type SoraClient, type WatchScheduleOptions } from '../index.js';
import { startEmbeddedEmulator, type SoraEmulator } from './embedded-emulator.js';
import type { GlobalOptions } from './globals.js';
import type { CliIo } from './io.js';
import { createCliLogger } from './logger.js';
import type { Output } from './output.js';
import { formatSpanTree } from './span-tree.js';
import { startTracing, type CliTracing } from './tracing.js';

/** Placeholder key sent to the embedded emulator (it needs none; never the user's real one, which stays private). */
export const EMULATOR_KEY = 'sora-rx-emulator';

/** A client plus everything it runs on, for one command. */
export interface Session {
  readonly sora: SoraClient;
  readonly output: Output;
  readonly globals: GlobalOptions;
  /** The embedded emulator, when this run started one. */
  readonly emulator: SoraEmulator | undefined;
  /** Poll schedule suited to the endpoint (fast for loopback servers). */
  readonly watch: WatchScheduleOptions;
  /** Runs `work` inside the CLI's root span (`sora-rx <command>`) when tracing, so library spans nest under it. */
  inSpan<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Closes the client, prints the span tree (`--trace`), stops the emulator. Idempotent. */
  close(): Promise<void>;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Where the run goes: the embedded emulator, or `baseURL` with `apiKey`. */
export function chooseEndpoint(
  globals: Pick<GlobalOptions, 'apiKey' | 'baseUrl' | 'emulator'>,
  env: CliIo['env'],
): { embedded: boolean; apiKey: string | undefined; baseURL: string | undefined; reason: string } {
  const apiKey = globals.apiKey || env['OPENAI_API_KEY'] || undefined;
  const baseURL = globals.baseUrl || env['OPENAI_BASE_URL'] || undefined;
  if (globals.emulator) return { embedded: true, apiKey: EMULATOR_KEY, baseURL: undefined, reason: '--emulator' };
  if (apiKey === undefined && baseURL === undefined) {
    return { embedded: true, apiKey: EMULATOR_KEY, baseURL: undefined, reason: 'no API key set' };
  }
  return { embedded: false, apiKey, baseURL, reason: '' };
}

/**
 * Opens a session: starts the embedded emulator when needed (saying so on stderr), tracing with `--trace`, a
 * pino logger on stderr, and the client.
 *
 * @example
 * ```ts
 * const session = await openSession(globals, io, output);
 * try { ... } finally { await session.close(); }
 * ```
 */
export async function openSession(globals: GlobalOptions, io: CliIo, output: Output): Promise<Session> {
  const endpoint = chooseEndpoint(globals, io.env);
  output.addSecret(endpoint.apiKey === EMULATOR_KEY ? undefined : endpoint.apiKey);
  output.addSecret(io.env['OPENAI_API_KEY']);
  let emulator: SoraEmulator | undefined;
  let baseURL = endpoint.baseURL;
  if (endpoint.embedded) {
    emulator = await startEmbeddedEmulator();
    baseURL = emulator.baseURL;
    output.info(`Using the embedded Sora emulator at ${baseURL} (${endpoint.reason})`);
  }
  let tracing: CliTracing | undefined;
  try {
    tracing = globals.trace ? await startTracing(io.env) : undefined;
    for (const notice of tracing?.notices ?? []) output.info(output.paint('yellow', notice));
    const sora = createSoraClient({
      apiKey: endpoint.apiKey,
      baseURL,
      logger: createCliLogger(globals.logLevel, output),
      timeoutMs: globals.timeoutMs,
      maxRetries: globals.maxRetries,
      ...(tracing ? { tracerProvider: tracing.tracerProvider } : {}),
    });
    const fast = emulator !== undefined || isLoopbackUrl(sora.config.baseURL);
    const watch: WatchScheduleOptions = fast ? { intervalMs: 200, minIntervalMs: 100, maxIntervalMs: 500 } : {};
    let closed: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closed ??= (async () => {
        sora.close();
        if (tracing) {
          for (const line of formatSpanTree(await tracing.finish())) output.info(line);
          if (tracing.otlpEndpoint) output.info(`trace: spans exported to ${tracing.otlpEndpoint}`);
        }
        await emulator?.close();
      })());
    const inSpan = <T>(name: string, work: () => Promise<T>): Promise<T> => {
      if (!tracing) return work();
      return tracing.tracerProvider.getTracer('sora-rx-cli').startActiveSpan(name, async (span) => {
        try {
          return await work();
        } catch (error) {
          span.setStatus({ code: 2 });
          span.setAttribute('error.type', error instanceof Error ? error.name : 'Error');
          throw error;
        } finally {
          span.end();
        }
      });
    };
    return { sora, output, globals, emulator, watch, inSpan, close };
  } catch (error) {
    await tracing?.finish();
    await emulator?.close();
    throw error;
  }
}
