/**
 * Receiving OpenAI video webhooks: a `node:http` server that
 *
 * - `POST /webhooks/openai`  verifies each Standard Webhooks request (`webhookEventStream`: raw body bounded to
 *                            1 MiB, `400` on a bad signature or stale timestamp, `204` once the event is handed on),
 * - `GET  /healthz`          answers `200 ok`,
 *
 * and exposes the verified `video.completed` / `video.failed` events as an Observable (`events$`), which is what a
 * client's `webhookEvents` option takes.
 *
 * Run it (npx tsc -p examples && node out/examples/webhooks/server.js). Without OPENAI_BASE_URL it starts the
 * embedded emulator, which signs and POSTs events here like OpenAI does, creates one job that completes and one
 * that fails, prints both events and exits. With OPENAI_BASE_URL and OPENAI_WEBHOOK_SECRET set (the endpoint's
 * `whsec_…` from the OpenAI dashboard), it keeps listening on PORT (default 3001) and logs every event.
 *
 * In your own project, import from 'sora-rx' and 'sora-rx/testing' instead of '../../src/...'.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { firstValueFrom, take, toArray, type Observable } from 'rxjs';
import { createSoraClient, webhookEventStream, type VideoWebhookEvent } from '../../src/index.js';
import { startSoraEmulator } from '../../src/testing/index.js';

/** Options of {@link startWebhookReceiver}. */
export interface WebhookReceiverOptions {
  /** The endpoint's signing secret (`whsec_…`). */
  secret: string;
  /** @default 3001 (0 picks a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The clock the timestamp tolerance is checked against (the emulator's, in tests). @default Date.now */
  now?: () => number;
}

/** A running receiver. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT/webhooks/openai`: the URL to register with OpenAI (behind your HTTPS proxy). */
  readonly url: string;
  /** Every verified event, once per event id. */
  readonly events$: Observable<VideoWebhookEvent>;
  close(): Promise<void>;
}

/** Starts the receiver. */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const hook = webhookEventStream({
    secret: options.secret,
    ...(options.now ? { now: options.now } : {}),
    onError: (error) => console.warn('webhook rejected:', error instanceof Error ? error.message : error),
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/webhooks/openai') return hook.handler(req, res);
    req.resume();
    if (path === '/healthz' && req.method === 'GET') return void res.writeHead(200).end('ok');
    res.writeHead(404).end();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 3001, host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/webhooks/openai`,
    events$: hook.events$,
    close: () =>
      new Promise<void>((done) => {
        hook.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A demo secret for the embedded emulator only; a real endpoint's secret comes from OPENAI_WEBHOOK_SECRET. */
const DEMO_SECRET = 'whsec_ZGVtby1zZWNyZXQtZm9yLXRoZS1lbXVsYXRvcg==';

async function main(): Promise<void> {
  const secret = process.env.OPENAI_WEBHOOK_SECRET ?? DEMO_SECRET;
  const receiver = await startWebhookReceiver({ secret, port: Number(process.env.PORT ?? 3001) });
  console.log(`Receiving webhooks at ${receiver.url}`);
  if (process.env.OPENAI_BASE_URL) {
    receiver.events$.subscribe((event) => console.log(`${event.type} ${event.data.id}`));
    process.once('SIGINT', () => void receiver.close());
    return;
  }
  const emulator = await startSoraEmulator({ timeScale: 0.5, webhook: { url: receiver.url, secret } });
  const sora = createSoraClient({ baseURL: emulator.baseURL, apiKey: 'sk-emulator' });
  try {
    const two = firstValueFrom(receiver.events$.pipe(take(2), toArray()));
    await sora.promises.createVideo({ prompt: 'A lighthouse at dawn, waves rolling in' });
    await sora.promises.createVideo({ prompt: '[fail] a job the emulator fails halfway' });
    for (const event of await two) console.log(`${event.type} ${event.data.id} (event ${event.id})`);
  } finally {
    sora.close();
    await emulator.close();
    await receiver.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
