import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { of, Subject, throwError } from 'rxjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { ConnectionError, CancelledError, InternalServerError, TimeoutError } from '../../src/errors/index.js';
import { errorType, isCancellation } from '../../src/telemetry/error-type.js';
import { instrumentTransport } from '../../src/telemetry/instrument-transport.js';
import { noopLogger, type LoggerLike } from '../../src/telemetry/logger-like.js';
import { createRequestDurationHistogram } from '../../src/telemetry/metrics.js';
import { startOperationSpan } from '../../src/telemetry/tracing.js';
import type { HttpResponse, Transport } from '../../src/transport/types.js';
import { captureLogs } from '../helpers/log-capture.js';
import { setupTracing } from '../helpers/otel.js';

const config = resolveConfig({ apiKey: 'sk-test-SECRETKEY1234567890', baseURL: 'https://api.example.com/v1' }, {});
const tracing = setupTracing();
const tracer = tracing.provider.getTracer('t');
afterAll(() => tracing.shutdown());
afterEach(() => tracing.exporter.reset());
const ok: HttpResponse = { status: 200, headers: { 'x-request-id': 'req_1' }, data: {}, url: '' };

describe('instrumentTransport', () => {
  it('logs one debug line per request and per response with nothing secret', async () => {
    const logs = captureLogs('debug');
    const t = instrumentTransport(() => of(ok), { tracer, logger: logs.logger, config });
    await new Promise((r) =>
      t({ method: 'GET', path: '/videos?token=abc', operation: 'list' }).subscribe({ complete: () => r(undefined) }),
    );
    expect(logs.lines.map((l) => l.msg)).toEqual(['http request', 'http response']);
    expect(logs.lines[1]).toMatchObject({
      method: 'GET',
      status: 200,
      attempt: 1,
      requestId: 'req_1',
      operation: 'list',
    });
    expect(String(logs.lines[0]!.url)).toBe('https://api.example.com/v1/videos?token=%5BREDACTED%5D');
    const span = (await tracing.spans()).at(-1)!;
    expect(span.attributes['server.port']).toBe(443);
    expect(span.attributes['url.full']).not.toContain('abc');
    tracing.exporter.reset();
  });

  it('does not build log objects when debug is off', async () => {
    let built = 0;
    const logger: LoggerLike = { ...noopLogger, isLevelEnabled: () => false, debug: () => built++ };
    const t = instrumentTransport(() => of(ok), { tracer, logger, config });
    await new Promise((r) => t({ method: 'GET', path: '/v' }).subscribe({ complete: () => r(undefined) }));
    expect(built).toBe(0);
  });

  it('survives a throwing tracer, histogram and logger', async () => {
    const bad = {
      startSpan: () => {
        throw new Error('tracer down');
      },
    } as unknown as Tracer;
    const histogram = {
      record: () => {
        throw new Error('meter down');
      },
    };
    const throwing = (): never => {
      throw new Error('log down');
    };
    const logger: LoggerLike = { ...noopLogger, debug: throwing, isLevelEnabled: throwing };
    const t = instrumentTransport(() => of(ok), { tracer: bad, histogram, logger, config });
    const values: unknown[] = [];
    await new Promise((r) =>
      t({ method: 'GET', path: '/v' }).subscribe({ next: (v) => values.push(v), complete: () => r(undefined) }),
    );
    expect(values).toEqual([ok]);
    const failing: Transport = () => throwError(() => new InternalServerError('500 x', { status: 500 }));
    const e = await new Promise((r) =>
      instrumentTransport(failing, { tracer: bad, histogram, logger, config })({ method: 'GET', path: '/v' }).subscribe(
        {
          error: r,
        },
      ),
    );
    expect(e).toBeInstanceOf(InternalServerError);
  });

  it('a CancelledError from the source is not an error; unsubscribe ends the span', async () => {
    const t = instrumentTransport(() => throwError(() => new CancelledError()), { tracer, logger: noopLogger, config });
    await new Promise((r) => t({ method: 'DELETE', path: '/v' }).subscribe({ error: r }));
    const pending = new Subject<HttpResponse>();
    const sub = instrumentTransport(() => pending, { tracer, logger: noopLogger, config })({
      method: 'GET',
      path: '/v',
    }).subscribe();
    sub.unsubscribe();
    const spans = await tracing.spans();
    expect(spans.map((s) => s.status.code)).toEqual([SpanStatusCode.UNSET, SpanStatusCode.UNSET]);
    expect(spans.every((s) => s.attributes['error.type'] === undefined)).toBe(true);
    tracing.exporter.reset();
  });
});

describe('error types and helpers', () => {
  it('maps errors to low-cardinality ids', () => {
    expect(errorType(new TimeoutError(5))).toBe('timeout');
    expect(errorType(new InternalServerError('x', { status: 502 }))).toBe('502');
    expect(errorType(new InternalServerError('x', { status: 200, code: 'invalid_json' }))).toBe('invalid_json');
    const reset = new ConnectionError('x', { cause: Object.assign(new Error('r'), { code: 'ECONNRESET' }) });
    expect(errorType(reset)).toBe('ECONNRESET');
    expect(errorType(new ConnectionError('x'))).toBe('ConnectionError');
    expect(errorType(new TypeError('bug'))).toBe('_OTHER');
    expect(isCancellation(new CancelledError())).toBe(true);
    expect(isCancellation('x')).toBe(false);
  });

  it('histogram creation never throws', () => {
    const meter = {
      createHistogram: () => {
        throw new Error('no');
      },
    };
    expect(createRequestDurationHistogram(meter as never)).toBeUndefined();
  });

  it('operation span helper survives a throwing tracer and ends once', () => {
    const bad = {
      startSpan: () => {
        throw new Error('down');
      },
    } as unknown as Tracer;
    const op = startOperationSpan(bad, 'x', {} as never);
    expect(op.span).toBeUndefined();
    op.setAttributes({ a: 1 });
    op.end(new Error('e'));
    op.end();
  });

  it('operation span records a non-Error failure as _OTHER', async () => {
    const op = startOperationSpan(tracer, 'weird', (await import('@opentelemetry/api')).ROOT_CONTEXT);
    op.end('string failure');
    const [span] = await tracing.spans();
    expect(span!.attributes['error.type']).toBe('_OTHER');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    tracing.exporter.reset();
  });
});
