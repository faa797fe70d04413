import net from 'node:net';
import { Readable } from 'node:stream';
import type { Subscription } from 'rxjs';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SoraClientOptions } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolve.js';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
  isSoraError,
} from '../../src/errors/index.js';
import { type AxiosTransport, createAxiosTransport } from '../../src/transport/axios-transport.js';
import { isLoopbackHost } from '../../src/transport/agent.js';
import type { HttpRequest } from '../../src/transport/types.js';
import { errorBody, json, startTestServer, type TestServer } from '../helpers/loopback-server.js';

const KEY = 'sk-test-SECRETKEY1234567890';
let server: TestServer;
const transports: AxiosTransport[] = [];

function make(options: SoraClientOptions = {}): AxiosTransport {
  const t = createAxiosTransport(resolveConfig({ apiKey: KEY, baseURL: server.baseURL, ...options }, {}));
  transports.push(t);
  return t;
}
const get = (path = '/videos', extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'GET', path, ...extra });
const failure = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => new Error('expected failure'),
    (e: unknown) => e,
  );

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  server.requests.length = 0;
  server.handle((_req, res) => json(res, 200, {}));
  transports.splice(0).forEach((t) => t.destroy());
});
afterAll(() => server.close());

describe('axios transport on loopback', () => {
  it('is cold: nothing is sent until subscribe', async () => {
    const t = make();
    const obs = t(get());
    await new Promise((r) => setTimeout(r, 30));
    expect(server.requests).toHaveLength(0);
    const res = await firstValueFrom(obs);
    expect(res.status).toBe(200);
    expect(server.requests).toHaveLength(1);
    expect(res.url).toBe(`${server.baseURL}/videos`);
  });

  it('sends bearer auth, org, project, UA, Accept, default headers and query; per-request headers win', async () => {
    const t = make({
      organization: 'org_1',
      project: 'proj_1',
      defaultHeaders: { 'X-Default': 'd', 'X-Over': 'default' },
      defaultQuery: { 'api-version': 'preview' },
    });
    await firstValueFrom(
      t(get('/videos', { query: { limit: 2, after: undefined }, headers: { 'x-over': 'request' } })),
    );
    const [r] = server.requests;
    expect(r!.url).toBe('/v1/videos?api-version=preview&limit=2');
    expect(r!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(r!.headers['openai-organization']).toBe('org_1');
    expect(r!.headers['openai-project']).toBe('proj_1');
    expect(r!.headers['user-agent']).toMatch(/^sora-rx\/\d+\.\d+\.\d+\S* node\/\d+/);
    expect(r!.headers.accept).toBe('application/json');
    expect(r!.headers['x-default']).toBe('d');
    expect(r!.headers['x-over']).toBe('request');
  });

  it('sends api-key style auth', async () => {
    await firstValueFrom(make({ authHeader: 'api-key' })(get()));
    expect(server.requests[0]!.headers['api-key']).toBe(KEY);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('sends a JSON body and parses the JSON response; an empty 2xx body is undefined', async () => {
    server.handle((req, res, body) =>
      json(res, 200, { echo: JSON.parse(body.toString()), ct: req.headers['content-type'] }),
    );
    const res = await firstValueFrom(
      make()({ method: 'POST', path: '/videos', body: { kind: 'json', value: { prompt: 'cat' } } }),
    );
    expect(res.data).toEqual({ echo: { prompt: 'cat' }, ct: 'application/json' });
    server.handle((_req, res) => {
      res.statusCode = 204;
      res.end();
    });
    expect((await firstValueFrom(make()({ method: 'DELETE', path: '/videos/v1' }))).data).toBeUndefined();
  });

  it('streams a multipart body built per attempt', async () => {
    let builds = 0;
    const build = (): FormData => {
      builds++;
      const form = new FormData();
      form.append('prompt', 'a cat');
      form.append('input_reference', new Blob([Buffer.from('PNGDATA')], { type: 'image/png' }), 'ref.png');
      return form;
    };
    const t = make();
    const request: HttpRequest = { method: 'POST', path: '/videos', body: { kind: 'multipart', build } };
    await firstValueFrom(t(request));
    await firstValueFrom(t(request));
    expect(builds).toBe(2);
    for (const r of server.requests) {
      expect(r.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      const text = r.body.toString();
      expect(text).toContain('filename="ref.png"');
      expect(text).toContain('PNGDATA');
      expect(text).toContain('a cat');
    }
  });

  it('stream mode emits at headers without buffering the body', async () => {
    let finish: (() => void) | undefined;
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.write('part1-');
      finish = () => res.end('part2');
    });
    const res = await firstValueFrom(make()(get('/videos/v/content', { responseType: 'stream' })));
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.data).toBeInstanceOf(Readable);
    finish!();
    const chunks: Buffer[] = [];
    for await (const c of res.data as Readable) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('part1-part2');
  });

  it('stream mode reads an error body to build the typed error', async () => {
    server.handle((_req, res) => json(res, 404, errorBody('No such video', 'video_not_found')));
    const e = await failure(firstValueFrom(make()(get('/videos/v/content', { responseType: 'stream' }))));
    expect(e).toBeInstanceOf(NotFoundError);
    expect((e as NotFoundError).message).toBe('404 No such video');
    expect((e as NotFoundError).code).toBe('video_not_found');
  });

  it('unsubscribing aborts the socket (the server sees the abort)', async () => {
    server.handle(() => undefined); // never answers
    const sub: Subscription = make()(get()).subscribe();
    await server.waitForRequests(1);
    sub.unsubscribe();
    await server.waitForAborts(1);
    expect(server.requests[0]!.aborted).toBe(true);
  });

  it('unsubscribing stays silent (no error is delivered)', async () => {
    server.handle(() => undefined);
    const events: string[] = [];
    const sub = make()(get()).subscribe({ error: () => events.push('error'), complete: () => events.push('complete') });
    await server.waitForRequests(1);
    sub.unsubscribe();
    await server.waitForAborts(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([]);
  });

  const table: Array<[number, new (...args: never[]) => Error, boolean]> = [
    [400, BadRequestError, false],
    [401, AuthenticationError, false],
    [403, PermissionDeniedError, false],
    [404, NotFoundError, false],
    [405, ApiError, false],
    [408, ApiError, true],
    [409, ConflictError, true],
    [422, UnprocessableEntityError, false],
    [429, RateLimitError, true],
    [500, InternalServerError, true],
    [502, InternalServerError, true],
    [503, ServiceUnavailableError, true],
    [504, InternalServerError, true],
  ];
  it.each(table)('status %i maps to its typed error', async (status, type, retryable) => {
    server.handle((_req, res) =>
      json(res, status, errorBody(`failed ${status}`), { 'x-request-id': 'req_1', 'retry-after': '3' }),
    );
    const e = await failure(firstValueFrom(make()(get())));
    expect(e).toBeInstanceOf(type);
    expect(isSoraError(e) && e.status).toBe(status);
    expect(isSoraError(e) && e.retryable).toBe(retryable);
    expect(isSoraError(e) && e.requestId).toBe('req_1');
    if (e instanceof RateLimitError) expect(e.retryAfterMs).toBe(3000);
  });

  it('a 3xx is not followed but reported', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: 'http://example.invalid/' });
      res.end();
    });
    const e = await failure(firstValueFrom(make()(get())));
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(302);
  });

  it('a refused port is a ConnectionError in phase connect', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const t = createAxiosTransport(resolveConfig({ apiKey: KEY, baseURL: `http://127.0.0.1:${port}/v1` }, {}));
    transports.push(t);
    const e = await failure(firstValueFrom(t(get())));
    expect(e).toBeInstanceOf(ConnectionError);
    expect((e as ConnectionError).phase).toBe('connect');
    expect((e as ConnectionError).message).not.toContain(KEY);
  });

  it('a socket destroyed mid-response is a ConnectionError in phase transfer', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"id":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const e = await failure(firstValueFrom(make()(get())));
    expect(e).toBeInstanceOf(ConnectionError);
    expect((e as ConnectionError).phase).toBe('transfer');
  });

  it('a socket destroyed before any response is a ConnectionError in phase transfer', async () => {
    server.handle((req) => req.socket.destroy());
    const e = await failure(
      firstValueFrom(make()({ method: 'POST', path: '/videos', body: { kind: 'json', value: {} } })),
    );
    expect(e).toBeInstanceOf(ConnectionError);
    expect((e as ConnectionError).phase).toBe('transfer');
  });

  it('malformed JSON in a 2xx is a typed, retryable error', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_9' });
      res.end('{"id": nope');
    });
    const e = await failure(lastValueFrom(make()(get())));
    expect(e).toBeInstanceOf(InternalServerError);
    expect(e).toMatchObject({ code: 'invalid_json', status: 200, retryable: true, requestId: 'req_9' });
  });

  it('keyless requests to loopback go out without auth', async () => {
    const t = createAxiosTransport(resolveConfig({ baseURL: server.baseURL }, {}));
    transports.push(t);
    await firstValueFrom(t(get()));
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.headers['api-key']).toBeUndefined();
  });

  it('keyless requests to a remote host fail with AuthenticationError before sending', async () => {
    const t = createAxiosTransport(resolveConfig({ baseURL: 'https://api.example.invalid/v1' }, {}));
    transports.push(t);
    const e = await failure(firstValueFrom(t(get())));
    expect(e).toBeInstanceOf(AuthenticationError);
    expect((e as Error).message).toMatch(/OPENAI_API_KEY/);
    expect((e as AuthenticationError).code).toBe('missing_api_key');
  });

  it('isLoopbackHost', () => {
    for (const h of ['localhost', 'api.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(h)).toBe(true);
    }
    for (const h of ['api.openai.com', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '::2']) {
      expect(isLoopbackHost(h)).toBe(false);
    }
  });
});
