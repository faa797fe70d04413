import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { NEVER, Subject, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type ManagedRuntime } from '../../src/streams/runtime.js';
import { noopLogger } from '../../src/telemetry/logger-like.js';
import { errorBody, json, startTestServer, type TestServer } from '../helpers/loopback-server.js';
import { setupMetrics, setupTracing, type TestMetrics, type TestTracing } from '../helpers/otel.js';

const KEY = 'sk-test-SECRETKEY1234567890';
let server: TestServer;
let tracing: TestTracing;
let metrics: TestMetrics;
let rt: ManagedRuntime;

beforeAll(async () => {
  server = await startTestServer();
  tracing = setupTracing();
});
afterEach(() => {
  tracing.exporter.reset();
  server.requests.length = 0;
  rt.close();
});
afterAll(async () => {
  await tracing.shutdown();
  await server.close();
});

function makeRuntime(): ManagedRuntime {
  metrics = setupMetrics();
  rt = createRuntime(
    {
      apiKey: KEY,
      baseURL: server.baseURL,
      defaultQuery: { api_key: 'q-secret', 'api-version': '1' },
      logger: noopLogger,
      tracerProvider: tracing.provider,
      meterProvider: metrics.meterProvider,
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
    },
    { env: {} },
  );
  return rt;
}

describe('spans and metrics', () => {
  it('a GET retried twice: one INTERNAL span with 3 CLIENT children and 3 histogram points', async () => {
    let n = 0;
    server.handle((_req, res) => (n++ < 2 ? json(res, 503, errorBody('busy')) : json(res, 200, { id: 'v' })));
    makeRuntime();
    const outer = tracing.provider.getTracer('test').startSpan('outer');
    await context.with(trace.setSpan(context.active(), outer), () =>
      firstValueFrom(
        rt.operation(
          'retrieveVideo',
          undefined,
          (s) => s.send({ method: 'GET', path: '/videos/video_1', pathTemplate: '/videos/{video_id}' }),
          { 'sora.video.id': 'video_1' },
        ),
      ),
    );
    outer.end();
    const spans = await tracing.spans();
    const op = spans.find((s) => s.name === 'sora.retrieveVideo')!;
    expect(op.kind).toBe(SpanKind.INTERNAL);
    expect(op.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(op.attributes).toMatchObject({
      'sora.video.id': 'video_1',
      'gen_ai.provider.name': 'openai',
      'sora.operation': 'retrieveVideo',
    });
    expect(op.status.code).toBe(SpanStatusCode.UNSET);
    const clients = spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(clients).toHaveLength(3);
    for (const c of clients) {
      expect(c.name).toBe('GET /videos/{video_id}');
      expect(c.parentSpanContext?.spanId).toBe(op.spanContext().spanId);
      expect(c.spanContext().traceId).toBe(op.spanContext().traceId);
      expect(c.attributes).toMatchObject({
        'http.request.method': 'GET',
        'server.address': '127.0.0.1',
        'server.port': server.port,
        'url.template': '/videos/{video_id}',
      });
      const url = String(c.attributes['url.full']);
      expect(url).toContain('/v1/videos/video_1');
      expect(url).not.toContain('q-secret');
      expect(url).not.toContain(KEY);
    }
    expect(clients.map((c) => c.attributes['http.request.resend_count'])).toEqual([undefined, 1, 2]);
    expect(clients.map((c) => c.status.code)).toEqual([
      SpanStatusCode.ERROR,
      SpanStatusCode.ERROR,
      SpanStatusCode.UNSET,
    ]);
    expect(clients.map((c) => c.attributes['error.type'])).toEqual(['503', '503', undefined]);
    expect(clients.map((c) => c.attributes['http.response.status_code'])).toEqual([503, 503, 200]);

    const points = await metrics.histogramPoints('http.client.request.duration');
    const count = points.reduce((sum, p) => sum + p.value.count, 0);
    expect(count).toBe(3);
    const withError = points.find((p) => p.attributes['error.type'] === '503')!;
    expect(withError.value.count).toBe(2);
    expect(withError.attributes).toMatchObject({ 'http.request.method': 'GET', 'server.address': '127.0.0.1' });
    expect(withError.attributes['url.full']).toBeUndefined();
    const { resourceMetrics } = await metrics.collect();
    const metric = resourceMetrics.scopeMetrics[0]!.metrics[0]!;
    expect(metric.descriptor.unit).toBe('s');
  });

  it('a cancelled request ends its span UNSET without error.type (and the operation too)', async () => {
    server.handle(() => undefined);
    makeRuntime();
    const cancel$ = new Subject<void>();
    const done = lastValueFrom(
      rt.operation('get', { cancel$ }, (s) => s.send({ method: 'GET', path: '/v' })).pipe(toArray()),
    );
    await server.waitForRequests(1);
    cancel$.next();
    await done;
    const spans = await tracing.spans();
    expect(spans).toHaveLength(2);
    for (const s of spans) {
      expect(s.status.code).toBe(SpanStatusCode.UNSET);
      expect(s.attributes['error.type']).toBeUndefined();
    }
    expect(await metrics.histogramPoints('http.client.request.duration')).toHaveLength(0);
  });

  it('an aborted signal: CancelledError is not an error on the operation span', async () => {
    makeRuntime();
    const ac = new AbortController();
    const done = firstValueFrom(rt.operation('get', { signal: ac.signal }, () => NEVER)).catch((e: unknown) => e);
    ac.abort();
    expect(await done).toMatchObject({ name: 'CancelledError' });
    const [op] = await tracing.spans();
    expect(op!.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('a failing operation: ERROR with error.type = error name; network failure error.type is the code', async () => {
    server.handle((req) => req.socket.destroy());
    makeRuntime();
    const e = await firstValueFrom(
      rt.operation('createVideo', undefined, (s) =>
        s.send({ method: 'POST', path: '/videos', pathTemplate: '/videos' }),
      ),
    ).catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'AmbiguousRequestError' });
    const spans = await tracing.spans();
    const op = spans.find((s) => s.name === 'sora.createVideo')!;
    expect(op.status.code).toBe(SpanStatusCode.ERROR);
    expect(op.attributes['error.type']).toBe('AmbiguousRequestError');
    const client = spans.find((s) => s.name === 'POST /videos')!;
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
    expect(client.attributes['error.type']).toBe('ECONNRESET');
  });

  it('a timeout is recorded on the attempt span as error.type timeout', async () => {
    server.handle(() => undefined);
    makeRuntime();
    await firstValueFrom(
      rt.operation('get', { timeoutMs: 50, maxRetries: 0 }, (s) => s.send({ method: 'GET', path: '/v' })),
    ).catch(() => undefined);
    const client = (await tracing.spans()).find((s) => s.kind === SpanKind.CLIENT)!;
    expect(client.name).toBe('GET');
    expect(client.attributes['error.type']).toBe('timeout');
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
  });
});
