import {
  type Attributes,
  type Context,
  type Histogram,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  context as otelContext,
  propagation,
  trace,
} from '@opentelemetry/api';
import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import type { ResolvedConfig } from '../config/options.js';
import type { HttpRequest, HttpResponse, Transport } from '../transport/types.js';
import { type UrlBuilder, createUrlBuilder } from '../transport/url-builder.js';
import { errorStatus, errorType, isCancellation } from './error-type.js';
import type { LoggerLike } from './logger-like.js';
import { isLevelEnabled } from './logger.js';
import * as sc from './semconv.js';

/** What {@link instrumentTransport} needs. */
export interface InstrumentDeps {
  tracer: Tracer;
  /** The `http.client.request.duration` histogram (see `createRequestDurationHistogram`). */
  histogram?: Histogram;
  logger: LoggerLike;
  config: ResolvedConfig;
}

/** Per-call options of an {@link InstrumentedTransport}. */
export interface AttemptOptions {
  /** Parent of the attempt span (the operation span's context). @default ROOT (no implicit `context.active()`) */
  parentContext?: Context;
  /** Operators applied inside the span (e.g. the per-attempt timeout), so their errors are recorded on it. */
  decorate?: MonoTypeOperatorFunction<HttpResponse>;
}

/** A transport whose attempts are traced, measured and logged. Assignable to {@link Transport}. */
export type InstrumentedTransport = (request: HttpRequest, options?: AttemptOptions) => Observable<HttpResponse>;

/**
 * Wraps a transport: per subscription (one attempt) ONE CLIENT span `{METHOD} {pathTemplate}` with the stable
 * HTTP attributes, one `http.client.request.duration` point and a debug log pair. The span ends when the response
 * is emitted (headers, for streams), on error, or on unsubscribe (a deliberate cancel: status UNSET, no
 * `error.type`, no metric point). Telemetry failures are swallowed; they never break a request.
 */
export function instrumentTransport(transport: Transport, deps: InstrumentDeps): InstrumentedTransport {
  const shared: Shared = {
    deps,
    urls: createUrlBuilder(deps.config.baseURL, deps.config.defaultQuery),
    metricAttrs: new Map(),
  };
  return (request, options = {}) =>
    new Observable<HttpResponse>((subscriber) => {
      const attempt = startAttempt(request, options.parentContext, shared);
      const outgoing = withPropagation(request, attempt.ctx);
      const source$ = options.decorate ? options.decorate(transport(outgoing)) : transport(outgoing);
      const subscription = otelContext.with(attempt.ctx, () =>
        source$.subscribe({
          next: (response) => {
            attempt.end(response.status, undefined, response.headers['x-request-id']);
            subscriber.next(response);
          },
          error: (error: unknown) => {
            attempt.end(errorStatus(error), error);
            subscriber.error(error);
          },
          complete: () => subscriber.complete(),
        }),
      );
      return () => {
        subscription.unsubscribe();
        attempt.cancel();
      };
    });
}

/** Per-client state shared by all attempts. */
interface Shared {
  deps: InstrumentDeps;
  urls: UrlBuilder;
  /** Frozen metric attribute sets, one per (method, server, status, error.type); bounded. */
  metricAttrs: Map<string, Attributes>;
}

const METRIC_ATTRS_CACHE_LIMIT = 256;

/** The request with the propagator's headers added; the request itself when the propagator adds none. */
function withPropagation(request: HttpRequest, ctx: Context): HttpRequest {
  try {
    const headers: Record<string, string> = { ...request.headers };
    propagation.inject(ctx, headers);
    if (request.headers === undefined && isEmpty(headers)) return request;
    return { ...request, headers };
  } catch {
    return request; // no propagation then
  }
}

function isEmpty(record: Record<string, string>): boolean {
  for (const _ in record) return false;
  return true;
}

function debugEnabled(logger: LoggerLike): boolean {
  return isLevelEnabled(logger, 'debug');
}

function logDebug(logger: LoggerLike, fields: Record<string, unknown>, msg: string): void {
  try {
    logger.debug(fields, msg);
  } catch {
    // ignore
  }
}

interface Attempt {
  ctx: Context;
  end(status: number | undefined, error: unknown, requestId?: string): void;
  cancel(): void;
}

function startAttempt(request: HttpRequest, parent: Context | undefined, shared: Shared): Attempt {
  const { deps } = shared;
  const started = performance.now();
  const resend = request.resendCount ?? 0;
  let span: Span | undefined;
  let ctx: Context = parent ?? otelContext.active();
  let url = '';
  let address: string | undefined;
  let port: number | undefined;
  try {
    url = shared.urls.redactedPath(request.path);
    ({ address, port } = shared.urls.server(request.path));
    const attributes: Attributes = {
      [sc.ATTR_HTTP_REQUEST_METHOD]: request.method,
      [sc.ATTR_SERVER_ADDRESS]: address,
      [sc.ATTR_SERVER_PORT]: port,
      [sc.ATTR_URL_FULL]: url,
    };
    if (request.pathTemplate) attributes[sc.ATTR_URL_TEMPLATE] = request.pathTemplate;
    if (resend > 0) attributes[sc.ATTR_HTTP_REQUEST_RESEND_COUNT] = resend;
    const name = request.pathTemplate ? `${request.method} ${request.pathTemplate}` : request.method;
    span = deps.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
    ctx = trace.setSpan(ctx, span);
  } catch {
    // telemetry never breaks a request
  }
  if (debugEnabled(deps.logger)) {
    logDebug(
      deps.logger,
      { method: request.method, url, attempt: resend + 1, operation: request.operation },
      'http request',
    );
  }
  let done = false;

  return {
    ctx,
    end(status, error, responseRequestId) {
      if (done) return;
      done = true;
      const durationMs = performance.now() - started;
      const failed = error !== undefined && !isCancellation(error);
      const type = failed ? errorType(error) : status !== undefined && status >= 400 ? String(status) : undefined;
      try {
        if (span?.isRecording()) {
          if (status !== undefined) span.setAttribute(sc.ATTR_HTTP_RESPONSE_STATUS_CODE, status);
          if (type !== undefined) {
            span.setAttribute(sc.ATTR_ERROR_TYPE, type);
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
        }
        span?.end();
        if (deps.histogram && (error === undefined || failed)) {
          deps.histogram.record(
            durationMs / 1000,
            metricAttributes(shared, request.method, address, port, status, type),
          );
        }
      } catch {
        // ignore
      }
      if (!debugEnabled(deps.logger)) return;
      const requestId = responseRequestId ?? (error as { requestId?: unknown } | undefined)?.requestId;
      logDebug(
        deps.logger,
        {
          method: request.method,
          url,
          status,
          durationMs: Math.round(durationMs),
          attempt: resend + 1,
          operation: request.operation,
          ...(typeof requestId === 'string' ? { requestId } : {}),
          ...(failed ? { errorName: (error as Error).name, errorType: type } : {}),
        },
        failed ? 'http request failed' : 'http response',
      );
    },
    cancel() {
      if (done) return;
      done = true;
      try {
        span?.end();
      } catch {
        // ignore
      }
      if (debugEnabled(deps.logger)) {
        logDebug(
          deps.logger,
          { method: request.method, url, attempt: resend + 1, cancelled: true },
          'http request cancelled',
        );
      }
    },
  };
}

/** The metric point's attributes, cached (frozen) per distinct combination. */
function metricAttributes(
  shared: Shared,
  method: string,
  address: string | undefined,
  port: number | undefined,
  status: number | undefined,
  type: string | undefined,
): Attributes {
  const key = `${method} ${address} ${port} ${status} ${type}`;
  const cached = shared.metricAttrs.get(key);
  if (cached) return cached;
  const attrs: Attributes = { [sc.ATTR_HTTP_REQUEST_METHOD]: method };
  if (address !== undefined) attrs[sc.ATTR_SERVER_ADDRESS] = address;
  if (port !== undefined) attrs[sc.ATTR_SERVER_PORT] = port;
  if (status !== undefined) attrs[sc.ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
  if (type !== undefined) attrs[sc.ATTR_ERROR_TYPE] = type;
  Object.freeze(attrs);
  if (shared.metricAttrs.size < METRIC_ATTRS_CACHE_LIMIT) shared.metricAttrs.set(key, attrs);
  return attrs;
}
