import { Subject, firstValueFrom, lastValueFrom, map, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SoraClientOptions } from '../../src/config/options.js';
import type { ValidationError } from '../../src/errors/index.js';
import {
  AmbiguousRequestError,
  CancelledError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
} from '../../src/errors/index.js';
import { type ManagedRuntime, createRuntime } from '../../src/streams/runtime.js';
import { noopLogger } from '../../src/telemetry/logger-like.js';
import { captureLogs } from '../helpers/log-capture.js';
import { errorBody, json, startTestServer, type TestServer } from '../helpers/loopback-server.js';

let server: TestServer;
const runtimes: ManagedRuntime[] = [];
const KEY = 'sk-test-SECRETKEY1234567890';

function runtime(options: SoraClientOptions = {}): ManagedRuntime {
  const rt = createRuntime({ apiKey: KEY, baseURL: server.baseURL, logger: noopLogger, ...options }, { env: {} });
  runtimes.push(rt);
  return rt;
}
const failure = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => new Error('expected failure'),
    (e: unknown) => e,
  );
/**
 * Records every Node timer created (setTimeout / setInterval) while `run` executes, so a test can tell whether the
 * ones its operation made are all gone (Node marks a cleared or fired one-shot timer `_destroyed`). Counting the
 * process's active timers instead is disturbed by unrelated timers (sockets, other tests) coming and going.
 */
function trackTimers(): { live: () => number; stop: () => void } {
  const created: NodeJS.Timeout[] = [];
  const realTimeout = globalThis.setTimeout;
  const realInterval = globalThis.setInterval;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    const t = realTimeout(...args);
    created.push(t);
    return t;
  }) as typeof setTimeout;
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
    const t = realInterval(...args);
    created.push(t);
    return t;
  }) as typeof setInterval;
  return {
    live: () => created.filter((t) => !(t as unknown as { _destroyed: boolean })._destroyed).length,
    stop: () => {
      globalThis.setTimeout = realTimeout;
      globalThis.setInterval = realInterval;
    },
  };
}

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  server.requests.length = 0;
  server.handle((_req, res) => json(res, 200, {}));
  runtimes.splice(0).forEach((r) => r.close());
});
afterAll(() => server.close());

describe('createRuntime pipeline on loopback', () => {
  it('exposes config, logger and scheduler, and runs an operation', async () => {
    server.handle((_req, res) => json(res, 200, { id: 'video_1' }));
    const rt = runtime();
    expect(rt.config.baseURL).toBe(server.baseURL);
    expect(rt.logger).toBe(noopLogger);
    const id = await firstValueFrom(
      rt.operation('retrieveVideo', undefined, (scope) =>
        scope.send<{ id: string }>({ method: 'GET', path: '/videos/video_1' }).pipe(map((r) => r.data.id)),
      ),
    );
    expect(id).toBe('video_1');
  });

  it('retries a 429 with Retry-After: 1 after about one second', async () => {
    let n = 0;
    server.handle((_req, res) =>
      n++ === 0 ? json(res, 429, errorBody('slow down'), { 'retry-after': '1' }) : json(res, 200, { ok: true }),
    );
    const started = performance.now();
    const res = await firstValueFrom(
      runtime().operation('list', undefined, (s) => s.send({ method: 'GET', path: '/videos' })),
    );
    const elapsed = performance.now() - started;
    expect(res.data).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
  });

  it('gives up on a 429 for POST after retries (POST 429 is retried: nothing was processed)', async () => {
    server.handle((_req, res) => json(res, 429, errorBody('quota'), { 'retry-after-ms': '5' }));
    const e = await failure(
      firstValueFrom(
        runtime().operation('create', { maxRetries: 1 }, (s) => s.send({ method: 'POST', path: '/videos' })),
      ),
    );
    expect(e).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(2);
  });

  it('a POST that times out after its body was sent is AmbiguousRequestError and is not resent', async () => {
    server.handle(() => undefined);
    const rt = runtime({ timeoutMs: 150 });
    const e = await failure(
      firstValueFrom(
        rt.operation('createVideo', undefined, (s) =>
          s.send({ method: 'POST', path: '/videos', body: { kind: 'json', value: { prompt: 'x' } } }),
        ),
      ),
    );
    expect(e).toBeInstanceOf(AmbiguousRequestError);
    expect((e as AmbiguousRequestError).cause).toBeInstanceOf(TimeoutError);
    await server.waitForAborts(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body.toString()).toBe('{"prompt":"x"}');
  });

  it('per-call timeoutMs and maxRetries apply (a GET timeout is retried)', async () => {
    server.handle(() => undefined);
    const rt = runtime({ retry: { initialDelayMs: 1, maxDelayMs: 2 } });
    const started = performance.now();
    const e = await failure(
      firstValueFrom(
        rt.operation('get', { timeoutMs: 100, maxRetries: 1 }, (s) => s.send({ method: 'GET', path: '/v' })),
      ),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as TimeoutError).timeoutMs).toBe(100);
    expect(performance.now() - started).toBeLessThan(1500);
    await server.waitForAborts(2);
    expect(server.requests).toHaveLength(2);
  });

  it('send options override operation options', async () => {
    server.handle(() => undefined);
    const e = await failure(
      firstValueFrom(
        runtime().operation('get', { timeoutMs: 5000, maxRetries: 3, headers: { 'x-op': 'op', 'x-both': 'op' } }, (s) =>
          s.send({ method: 'GET', path: '/v' }, { timeoutMs: 80, maxRetries: 0, headers: { 'x-both': 'send' } }),
        ),
      ),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['x-op']).toBe('op');
    expect(server.requests[0]!.headers['x-both']).toBe('send');
  });

  it('rejects a bad per-call timeout or retry count without sending', async () => {
    const rt = runtime();
    const e1 = await failure(
      firstValueFrom(rt.operation('x', { timeoutMs: -5 }, (s) => s.send({ method: 'GET', path: '/v' }))),
    );
    const e2 = await failure(
      firstValueFrom(rt.operation('x', { maxRetries: -1 }, (s) => s.send({ method: 'GET', path: '/v' }))),
    );
    expect((e1 as ValidationError).field).toBe('timeoutMs');
    expect((e2 as ValidationError).field).toBe('maxRetries');
    expect(server.requests).toHaveLength(0);
  });

  it('non-retryable errors surface at once', async () => {
    server.handle((_req, res) => json(res, 404, errorBody('nope')));
    const e = await failure(
      firstValueFrom(runtime().operation('get', undefined, (s) => s.send({ method: 'GET', path: '/v' }))),
    );
    expect(e).toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(1);
  });

  it('cancel$ completes the operation and aborts the in-flight request; no timer remains', async () => {
    server.handle(() => undefined);
    const rt = runtime({ timeoutMs: 10_000 });
    const timers = trackTimers();
    const cancel$ = new Subject<void>();
    const done = lastValueFrom(
      rt.operation('get', { cancel$ }, (s) => s.send({ method: 'GET', path: '/v' })).pipe(toArray()),
    );
    timers.stop();
    await server.waitForRequests(1);
    expect(timers.live()).toBeGreaterThan(0); // the attempt's 10 s timeout
    cancel$.next();
    expect(await done).toEqual([]);
    await server.waitForAborts(1);
    rt.close();
    expect(timers.live()).toBe(0);
  });

  it('an AbortSignal errors with CancelledError and aborts the request; no timer remains', async () => {
    server.handle(() => undefined);
    const rt = runtime({ timeoutMs: 10_000 });
    const timers = trackTimers();
    const ac = new AbortController();
    const done = failure(
      firstValueFrom(rt.operation('get', { signal: ac.signal }, (s) => s.send({ method: 'GET', path: '/v' }))),
    );
    timers.stop();
    await server.waitForRequests(1);
    expect(timers.live()).toBeGreaterThan(0);
    ac.abort();
    expect(await done).toBeInstanceOf(CancelledError);
    await server.waitForAborts(1);
    rt.close();
    expect(timers.live()).toBe(0);
  });

  it('an already aborted signal sends nothing', async () => {
    const e = await failure(
      firstValueFrom(
        runtime().operation('get', { signal: AbortSignal.abort() }, (s) => s.send({ method: 'GET', path: '/v' })),
      ),
    );
    expect(e).toBeInstanceOf(CancelledError);
    expect(server.requests).toHaveLength(0);
  });

  it('a body that throws errors the operation', async () => {
    const e = await failure(
      firstValueFrom(
        runtime().operation('boom', undefined, () => {
          throw new Error('bug');
        }),
      ),
    );
    expect((e as Error).message).toBe('bug');
  });

  it('logs each retry at warn with retryNumber, delayMs, operation, status and errorName', async () => {
    let n = 0;
    server.handle((_req, res) => (n++ < 1 ? json(res, 503, errorBody('busy')) : json(res, 200, {})));
    const logs = captureLogs('warn');
    await firstValueFrom(
      runtime({ logger: logs.logger, retry: { initialDelayMs: 1 } }).operation('list', undefined, (s) =>
        s.send({ method: 'GET', path: '/videos', pathTemplate: '/videos' }),
      ),
    );
    const retry = logs.lines.find((l) => l.msg === 'retrying request');
    expect(retry).toMatchObject({
      level: 40,
      retryNumber: 1,
      operation: 'list',
      status: 503,
      errorName: 'ServiceUnavailableError',
    });
    expect(typeof retry!.delayMs).toBe('number');
  });

  it('logs a give-up after exhausted retries at warn, and a non-retryable failure at debug', async () => {
    server.handle((req, res) =>
      req.url?.includes('missing') ? json(res, 404, errorBody('no such video')) : json(res, 503, errorBody('busy')),
    );
    const logs = captureLogs('debug');
    const rt = runtime({ logger: logs.logger, maxRetries: 1, retry: { initialDelayMs: 1 } });
    await failure(firstValueFrom(rt.operation('get', undefined, (s) => s.send({ method: 'GET', path: '/videos/a' }))));
    await failure(
      firstValueFrom(rt.operation('get', undefined, (s) => s.send({ method: 'GET', path: '/videos/missing' }))),
    );
    expect(logs.lines.find((l) => l.msg === 'request failed; giving up')).toMatchObject({
      level: 40,
      reason: 'retries-exhausted',
      attempts: 2,
      status: 503,
    });
    expect(logs.lines.find((l) => l.msg === 'request failed; not retried')).toMatchObject({
      level: 20,
      reason: 'not-retryable',
      status: 404,
    });
  });

  it('uses the default pino logger at the configured level and the axios transport by default', () => {
    const rt = createRuntime({ logLevel: 'silent' }, { env: {} });
    runtimes.push(rt);
    expect(rt.config.logLevel).toBe('silent');
    expect(rt.logger.isLevelEnabled?.('error')).toBe(false);
    rt.close();
    rt.close();
  });
});
