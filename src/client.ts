import type { SoraClient } from './client-types.js';
import type { SoraClientOptions } from './config/options.js';
import { createSoraPromises } from './promises.js';
import { createRuntime } from './streams/runtime.js';
import type { SoraRuntime } from './streams/runtime-types.js';
import { bindVideoOperations } from './streams/videos/bind.js';
import { REDACTED } from './util/redact.js';

/**
 * Creates a client: the Videos API as cold Observables (and `promises`), on one runtime (config, transport,
 * logs, spans, retries). Unset options come from the environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, …).
 *
 * @throws ValidationError for invalid options or environment values (a missing API key is not one).
 * @example
 * ```ts
 * const sora = createSoraClient({ apiKey: process.env.OPENAI_API_KEY, maxRetries: 3 });
 * sora.createVideo({ prompt: 'a red fox in snow' }).subscribe((v) => console.log(v.id));
 * ```
 */
export function createSoraClient(options: SoraClientOptions = {}): SoraClient {
  const runtime = createRuntime(options);
  return createSoraClientFromRuntime(runtime, () => runtime.close());
}

/**
 * Builds a client over an existing runtime (custom pipelines, tests with a fake runtime).
 *
 * @example
 * ```ts
 * const sora = createSoraClientFromRuntime(myRuntime);
 * ```
 */
export function createSoraClientFromRuntime(runtime: SoraRuntime, close: () => void = () => undefined): SoraClient {
  const ops = bindVideoOperations(runtime);
  const client: SoraClient = { ...ops, config: runtime.config, promises: createSoraPromises(ops), close };
  // `console.log(client)` / `JSON.stringify(client)` show the config with the key redacted, never the key.
  const view = (): Record<string, unknown> => ({ config: redactedConfig(runtime.config) });
  Object.defineProperty(client, 'toJSON', { value: view, enumerable: false });
  Object.defineProperty(client, Symbol.for('nodejs.util.inspect.custom'), { value: view, enumerable: false });
  return client;
}

function redactedConfig(config: SoraRuntime['config']): unknown {
  const json = (config as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return json.call(config);
  return { ...config, apiKey: config.apiKey === undefined ? undefined : REDACTED };
}

let shared: SoraClient | undefined;

/**
 * The one shared client, built lazily from the environment on first use.
 *
 * @example
 * ```ts
 * getSoraClient().getVideoStatus('video_123').subscribe(console.log);
 * ```
 */
export function getSoraClient(): SoraClient {
  shared ??= createSoraClient();
  return shared;
}

/**
 * Forgets (and closes) the shared client, so the next {@link getSoraClient} reads the environment again. For tests.
 *
 * @example
 * ```ts
 * afterEach(() => resetSoraClient());
 * ```
 */
export function resetSoraClient(): void {
  shared?.close();
  shared = undefined;
}
