import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request the test server saw. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/videos?limit=2`. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** True once the client went away before the response finished. */
  aborted: boolean;
}

/** Handler of the test server; `body` is the complete request body. */
export type TestHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

/** A loopback HTTP server on 127.0.0.1 (random port) that records requests and client aborts. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `origin + '/v1'`, handy as a `baseURL`. */
  readonly baseURL: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Replaces the handler. */
  handle(handler: TestHandler): void;
  /** Resolves when `count` requests were aborted by the client. */
  waitForAborts(count?: number, timeoutMs?: number): Promise<void>;
  /** Resolves when at least `count` requests arrived (head received). */
  waitForRequests(count?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link TestServer}. The default handler answers `200 {}`. */
export async function startTestServer(handler?: TestHandler): Promise<TestServer> {
  let current: TestHandler = handler ?? ((_req, res) => json(res, 200, {}));
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const notify = (): void => waiters.forEach((w) => w());
  const server = http.createServer((req, res) => {
    const record: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.alloc(0),
      aborted: false,
    };
    requests.push(record);
    notify();
    const markAborted = (): void => {
      if (!res.writableFinished && !record.aborted) {
        record.aborted = true;
        notify();
      }
    };
    res.on('close', markAborted);
    req.on('close', () => {
      if (req.destroyed && !req.complete) markAborted();
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      record.body = Buffer.concat(chunks);
      try {
        current(req, res, record.body);
      } catch (error) {
        res.statusCode = 599;
        res.end(String(error));
      }
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const waitFor = (predicate: () => boolean, what: string, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      if (predicate()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  return {
    origin,
    baseURL: `${origin}/v1`,
    port,
    requests,
    handle: (h) => {
      current = h;
    },
    waitForAborts: (count = 1, timeoutMs = 3000) =>
      waitFor(() => requests.filter((r) => r.aborted).length >= count, `${count} aborts`, timeoutMs),
    waitForRequests: (count = 1, timeoutMs = 3000) =>
      waitFor(() => requests.length >= count, `${count} requests`, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON response. */
export function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The OpenAI error envelope. */
export function errorBody(message: string, code: string | null = null, type = 'invalid_request_error'): unknown {
  return { error: { message, type, param: null, code } };
}
