/**
 * A reactive UI fed by Server-Sent Events: a `node:http` server that
 *
 * - `POST /api/videos` `{ "prompt": "…" }`  creates a job (201 + the Video),
 * - `GET  /api/videos/:id/events`           streams `watchVideo(id)` as SSE (`progress`, then `completed`,
 *                                            or `sora-error` with the error's secret-free `toJSON()`),
 * - `GET  /api/videos/:id/content`          streams the MP4 (`downloadVideo` into the response, a `Writable`),
 * - `DELETE /api/videos/:id`                cancels the job on the server (`cancelVideo`),
 * - `GET  /`                                serves `public/index.html`, a tiny page with a live progress bar,
 * - `GET  /from-event-source.js`             the page's `fromEventSource` helper (an EventSource as an Observable),
 * - `GET  /vendor/rxjs/…`, `/vendor/tslib.js` RxJS's own ES module build and its one dependency, straight from
 *                                            node_modules (the page's import map points `rxjs` there: no bundler, no CDN).
 *
 * A browser that goes away closes the SSE response; the server then unsubscribes, which stops the polling (the
 * in-flight request is aborted). That stops local work only: the job keeps running on the server until it ends
 * or someone calls `DELETE /api/videos/:id`.
 *
 * Run it (embedded emulator unless OPENAI_BASE_URL is set), then open http://localhost:3000:
 *
 *   npx tsc -p examples && node out/examples/sse/server.js
 *
 * In your own project, import from 'sora-rx' and 'sora-rx/testing' instead of '../../src/...'.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lastValueFrom } from 'rxjs';
import { type SoraClient, type Video, createSoraClient, isSoraError } from '../../src/index.js';
import { startSoraEmulator } from '../../src/testing/index.js';

/** Options of {@link startSseServer}. */
export interface SseServerOptions {
  sora: SoraClient;
  /** @default 3000 (0 picks a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Interval of the `: keep-alive` comment that keeps proxies from closing idle streams. @default 15000 */
  keepAliveMs?: number;
}

/** A running SSE server. */
export interface SseServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  close(): Promise<void>;
}

/** A file of public/: next to this file in the sources, or under examples/ when this file runs compiled from out/. */
function publicPath(name: string): string {
  const candidates = [`./public/${name}`, `../../../examples/sse/public/${name}`].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

const require = createRequire(import.meta.url);
/** rxjs/dist/esm (ES2015 modules with extensionless relative imports) and tslib's ES module build. */
const RXJS_ESM = resolve(dirname(require.resolve('rxjs')), '../esm');
const TSLIB_ESM = resolve(dirname(createRequire(require.resolve('rxjs')).resolve('tslib')), 'tslib.es6.mjs');

/** Serves `/vendor/rxjs/<path>` from rxjs/dist/esm (adding `.js`), never outside that directory. */
async function sendVendorFile(res: ServerResponse, pathname: string): Promise<boolean> {
  let file: string | undefined;
  if (pathname === '/vendor/tslib.js') file = TSLIB_ESM;
  else if (pathname.startsWith('/vendor/rxjs/')) {
    const rel = normalize(decodeURIComponent(pathname.slice('/vendor/rxjs/'.length)));
    const candidate = resolve(RXJS_ESM, rel.endsWith('.js') ? rel : `${rel}.js`);
    if (candidate.startsWith(RXJS_ESM + sep)) file = candidate;
  }
  if (file === undefined || !existsSync(file)) return false;
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' });
  res.end(await readFile(file));
  return true;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** A SoraError answers with its own `statusCode` and secret-free `toJSON()`; anything else is a plain 500. */
function sendError(res: ServerResponse, error: unknown): void {
  if (isSoraError(error)) sendJson(res, error.statusCode, { error: error.toJSON() });
  else sendJson(res, 500, { error: { name: 'InternalError', message: 'Internal error' } });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** One SSE message. */
function sse(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function progressPayload(video: Video): Record<string, unknown> {
  return { id: video.id, status: video.status, progress: video.progress };
}

/** `GET /api/videos/:id/events`: `watchVideo` as Server-Sent Events. */
function streamEvents(sora: SoraClient, id: string, res: ServerResponse, keepAliveMs: number): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
  });
  res.write('retry: 3000\n\n');
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  const subscription = sora.watchVideo(id).subscribe({
    next: (video) =>
      video.status === 'completed'
        ? sse(res, 'completed', { ...progressPayload(video), contentUrl: `/api/videos/${video.id}/content` })
        : sse(res, 'progress', progressPayload(video)),
    error: (error: unknown) => {
      sse(
        res,
        'sora-error',
        isSoraError(error) ? error.toJSON() : { name: 'InternalError', message: 'Internal error' },
      );
      res.end();
    },
    complete: () => res.end(),
  });
  // The browser left (or the stream ended): stop polling. The job itself keeps running on the server.
  res.on('close', () => {
    clearInterval(keepAlive);
    subscription.unsubscribe();
  });
}

async function route(sora: SoraClient, req: IncomingMessage, res: ServerResponse, keepAliveMs: number): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = /^\/api\/videos\/([^/]+)(\/events|\/content)?$/.exec(url.pathname);
  const id = match ? decodeURIComponent(match[1]!) : undefined;

  if (req.method === 'GET' && url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(await readFile(publicPath('index.html')));
  } else if (req.method === 'GET' && url.pathname === '/from-event-source.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    res.end(await readFile(publicPath('from-event-source.js')));
  } else if (req.method === 'GET' && url.pathname.startsWith('/vendor/') && (await sendVendorFile(res, url.pathname))) {
    return;
  } else if (req.method === 'POST' && url.pathname === '/api/videos') {
    const body = (await readJson(req)) as { prompt?: unknown } | undefined;
    const video = await sora.promises.createVideo({ prompt: typeof body?.prompt === 'string' ? body.prompt : '' });
    sendJson(res, 201, video);
  } else if (req.method === 'GET' && id !== undefined && match?.[2] === '/events') {
    streamEvents(sora, id, res, keepAliveMs);
  } else if (req.method === 'GET' && id !== undefined && match?.[2] === '/content') {
    res.setHeader('content-type', 'video/mp4');
    // The response is a Writable: the download streams into it with backpressure and ends it.
    await lastValueFrom(sora.downloadVideo(id, { destination: res }));
  } else if (req.method === 'DELETE' && id !== undefined && match?.[2] === undefined) {
    sendJson(res, 200, await sora.promises.cancelVideo(id));
  } else {
    sendJson(res, 404, { error: { name: 'NotFound', message: `No route for ${req.method} ${url.pathname}` } });
  }
}

/**
 * Starts the SSE demo server.
 *
 * @example
 * ```ts
 * const server = await startSseServer({ sora: createSoraClient(), port: 0 });
 * console.log(server.url);
 * ```
 */
export async function startSseServer(options: SseServerOptions): Promise<SseServer> {
  const { sora, keepAliveMs = 15_000 } = options;
  const server = createServer((req, res) => {
    route(sora, req, res, keepAliveMs).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, error);
      else res.destroy();
    });
  });
  await new Promise<void>((done) => server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function main(): Promise<void> {
  // No OPENAI_BASE_URL: the embedded emulator at real-ish speed, polled every 500 ms.
  const emulator = process.env.OPENAI_BASE_URL ? undefined : await startSoraEmulator({ pollAfterMs: 500 });
  const sora = createSoraClient(emulator ? { baseURL: emulator.baseURL } : {}); // the emulator needs no key
  const server = await startSseServer({ sora, port: Number(process.env.PORT ?? 3000) });
  console.log(`SSE demo on ${server.url} (Ctrl+C to stop)`);
  process.once('SIGINT', () => {
    void server.close().then(async () => {
      sora.close();
      await emulator?.close();
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
