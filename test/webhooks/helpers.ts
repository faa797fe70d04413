import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A test secret (24 random-looking bytes, base64) in the whsec_ format. */
export const SECRET = 'whsec_dGVzdC1zZWNyZXQtZm9yLXNvcmEtcngtaG9va3M=';

/** Signs like a Standard Webhooks sender, with node:crypto (independent of the `standardwebhooks` package). */
export function sign(secret: string, id: string, timestampSec: number, body: string | Buffer): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSec}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

/** Headers of a signed request. */
export function signedHeaders(
  secret: string,
  body: string | Buffer,
  { id = 'evt_test_1', timestampSec = Math.floor(Date.now() / 1000) } = {},
): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': sign(secret, id, timestampSec, body),
  };
}

/** A `video.completed` body as OpenAI would send it. */
export function videoEventBody(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'evt_test_1',
    object: 'event',
    type: 'video.completed',
    created_at: 1_760_000_000,
    data: { id: 'video_123' },
    ...overrides,
  });
}

/** A loopback server running `listener`; `close()` ends every socket. */
export interface Receiver {
  readonly url: string;
  /** Requests that arrived (method and headers), in order. */
  readonly seen: { method: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** Starts `listener` on 127.0.0.1 (free port). */
export async function listen(listener: http.RequestListener): Promise<Receiver> {
  const seen: Receiver['seen'] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', headers: req.headers });
    listener(req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Polls `check` every 5 ms until it holds, at most `ms`. */
export async function waitUntil(check: () => boolean, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
