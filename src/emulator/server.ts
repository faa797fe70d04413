import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { FaultRegistry } from './faults.js';
import { resolveOptions } from './options.js';
import { handleRequest, type PipelineDeps } from './pipeline.js';
import { RateLimiter } from './rate-limit.js';
import { VideoStore } from './store.js';
import { TimerSet } from './timers.js';
import { startWebhooks } from './webhooks.js';
import type { EmulatorOptions, Fault, FaultHandle, RecordedRequest, SoraEmulator } from './types.js';

/**
 * Starts a local Sora Videos API on `127.0.0.1` (port 0 by default). Point a client at `emulator.baseURL`.
 *
 * @example
 * const emulator = await startSoraEmulator({ timeScale: 0.01 });
 * const client = new OpenAI({ apiKey: 'sk-test', baseURL: emulator.baseURL });
 * await emulator.close();
 */
export async function startSoraEmulator(options: EmulatorOptions = {}): Promise<SoraEmulator> {
  const resolved = resolveOptions(options);
  const requests: RecordedRequest[] = [];
  const limiter = resolved.rateLimit === undefined ? undefined : new RateLimiter(resolved.rateLimit, resolved.clock);
  const webhooks = startWebhooks(resolved);
  const deps: PipelineDeps = {
    state: {
      options: resolved,
      videos: new VideoStore(resolved.clock, webhooks.storeHooks),
      characters: new Map(),
      idempotencyKeys: new Map(),
    },
    faults: new FaultRegistry(resolved.random),
    limiter,
    timers: new TimerSet(),
    requests,
  };

  let open = 0;
  const server = createServer({ keepAlive: true, noDelay: true }, (req, res) => {
    handleRequest(deps, req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket: Socket) => {
    open++;
    socket.once('close', () => open--);
  });
  // A client dropping mid-request must not crash the process.
  server.on('clientError', (_error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error): void => {
      webhooks.close();
      reject(error);
    };
    server.once('error', fail);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Emulator: unexpected server address');
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let closing: Promise<void> | undefined;

  return {
    baseURL: `http://${host}:${address.port}${resolved.dialect.basePath}`,
    origin: `http://${host}:${address.port}`,
    port: address.port,
    dialect: resolved.dialect.name,
    requests,
    videos: deps.state.videos,
    get faults(): readonly FaultHandle[] {
      return deps.faults.list();
    },
    inject: (fault: Fault) => deps.faults.add(fault),
    webhookDeliveries: webhooks.deliveries,
    reset(): void {
      deps.state.videos.clear();
      deps.state.characters.clear();
      deps.state.idempotencyKeys.clear();
      deps.faults.clear();
      requests.length = 0;
      limiter?.reset();
      webhooks.reset();
    },
    openConnections: () => open,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve, reject) => {
        deps.timers.clearAll();
        webhooks.close();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
