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
import { redactUrl } from '../util/redact.js';
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
  return (request, options = {}) =>
    new Observable<HttpResponse>((subscriber) => {
      const attempt = startAttempt(request, options.parentContext, deps);
      let outgoing = request;
      try {
        const headers: Record<string, string> = { ...request.headers };
        propagation.inject(attempt.ctx, headers);
        outgoing = { ...request, headers };
      } catch {
        // no propagation then
      }
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

interface Attempt {
  ctx: Context;
  end(status: number | undefined, error: unknown, requestId?: string): void;
  cancel(): void;
}

function startAttempt(request: HttpRequest, parent: Context | undefined, deps: InstrumentDeps): Attempt {
  const started = performance.now();
  const resend = request.resendCount ?? 0;
  let span: Span | undefined;
  let ctx: Context = parent ?? otelContext.active();
  let url = '';
  const base: Attributes = { [sc.ATTR_HTTP_REQUEST_METHOD]: request.method };
  try {
    const full = new URL(deps.config.baseURL + request.path);
    url = redactUrl(full.toString());
    base[sc.ATTR_SERVER_ADDRESS] = full.hostname;
    base[sc.ATTR_SERVER_PORT] = full.port ? Number(full.port) : full.protocol === 'https:' ? 443 : 80;
    const attributes: Attributes = { ...base, [sc.ATTR_URL_FULL]: url };
    if (request.pathTemplate) attributes[sc.ATTR_URL_TEMPLATE] = request.pathTemplate;
    if (resend > 0) attributes[sc.ATTR_HTTP_REQUEST_RESEND_COUNT] = resend;
    const name = request.pathTemplate ? `${request.method} ${request.pathTemplate}` : request.method;
    span = deps.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
    ctx = trace.setSpan(ctx, span);
  } catch {
    // telemetry never breaks a request
  }
  const log = (level: 'debug', fields: () => Record<string, unknown>, msg: string): void => {
    try {
      if (isLevelEnabled(deps.logger, level)) deps.logger[level](fields(), msg);
    } catch {
      // ignore
    }
  };
  log(
    'debug',
    () => ({ method: request.method, url, attempt: resend + 1, operation: request.operation }),
    'http request',
  );
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
        if (status !== undefined) span?.setAttribute(sc.ATTR_HTTP_RESPONSE_STATUS_CODE, status);
        if (type !== undefined) {
          span?.setAttribute(sc.ATTR_ERROR_TYPE, type);
          span?.setStatus({ code: SpanStatusCode.ERROR });
        }
        span?.end();
        const metricAttrs: Attributes = { ...base };
        if (status !== undefined) metricAttrs[sc.ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
        if (type !== undefined) metricAttrs[sc.ATTR_ERROR_TYPE] = type;
        if (error === undefined || failed) deps.histogram?.record(durationMs / 1000, metricAttrs);
      } catch {
        // ignore
      }
      const requestId = responseRequestId ?? (error as { requestId?: unknown } | undefined)?.requestId;
      log(
        'debug',
        () => ({
          method: request.method,
          url,
          status,
          durationMs: Math.round(durationMs),
          attempt: resend + 1,
          operation: request.operation,
          ...(typeof requestId === 'string' ? { requestId } : {}),
          ...(failed ? { errorName: (error as Error).name, errorType: type } : {}),
        }),
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
      log(
        'debug',
        () => ({ method: request.method, url, attempt: resend + 1, cancelled: true }),
        'http request cancelled',
      );
    },
  };
}
