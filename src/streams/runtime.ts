import { type Attributes, context, metrics, trace } from '@opentelemetry/api';
import { type Observable, asyncScheduler, defer, finalize, tap, throwError } from 'rxjs';
import type { RequestOptions, SoraClientOptions } from '../config/options.js';
import { resolveConfig } from '../config/resolve.js';
import type { EnvRecord } from '../config/env.js';
import { instrumentTransport } from '../telemetry/instrument-transport.js';
import { lazyChildLogger } from '../telemetry/lazy-child-logger.js';
import { createDefaultLogger } from '../telemetry/logger.js';
import { createRequestDurationHistogram } from '../telemetry/metrics.js';
import { INSTRUMENTATION_NAME } from '../telemetry/semconv.js';
import { startOperationSpan } from '../telemetry/tracing.js';
import { createAxiosTransport } from '../transport/axios-transport.js';
import { SDK_VERSION } from '../util/version.js';
import { withCancellation } from './operators/index.js';
import { sendRequest } from './pipeline.js';
import type { OperationScope, SendOptions, SoraRuntime } from './runtime-types.js';

/** A runtime that owns resources (the axios transport's keep-alive sockets). */
export interface ManagedRuntime extends SoraRuntime {
  /** Closes the keep-alive sockets of the built-in transport (no-op for an injected transport). Idempotent. */
  close(): void;
}

/** Extra knobs of {@link createRuntime}, mostly for tests. */
export interface RuntimeDeps {
  /** Environment to read `OPENAI_*` / `SORA_*` from. @default process.env */
  env?: EnvRecord;
  /** Jitter source of the backoff. @default Math.random */
  random?: () => number;
}

/**
 * Builds the engine every Videos operation runs on: resolved config (options > env > defaults), the transport
 * (`options.transport` or one axios instance), the logger (`options.logger` or pino at `config.logLevel`),
 * tracer and meter (`options.tracerProvider` / `meterProvider`, else the global ones; name `sora-rx`) and the
 * scheduler (`options.scheduler` or `asyncScheduler`).
 *
 * @throws ValidationError for bad options or environment (a missing API key is not one).
 * @example
 * ```ts
 * const runtime = createRuntime({ apiKey: process.env.OPENAI_API_KEY });
 * const video$ = runtime.operation('retrieveVideo', undefined, (scope) =>
 *   scope.send<Video>({ method: 'GET', path: `/videos/${id}`, pathTemplate: '/videos/{video_id}' }).pipe(map((r) => r.data)),
 * );
 * ```
 */
export function createRuntime(options: SoraClientOptions = {}, deps: RuntimeDeps = {}): ManagedRuntime {
  const config = resolveConfig(options, deps.env ?? process.env);
  const axiosTransport = options.transport ? undefined : createAxiosTransport(config);
  const rawTransport = options.transport ?? axiosTransport!;
  const logger = options.logger ?? createDefaultLogger(config.logLevel);
  const scheduler = options.scheduler ?? asyncScheduler;
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME, SDK_VERSION);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_NAME, SDK_VERSION);
  const histogram = createRequestDurationHistogram(meter);
  const transport = instrumentTransport(rawTransport, { tracer, histogram, logger, config });
  const pipelineDeps = { transport, config, scheduler, random: deps.random ?? options.random };

  const operation = <T>(
    name: string,
    requestOptions: RequestOptions | undefined,
    body: (scope: OperationScope) => Observable<T>,
    attributes?: Attributes,
  ): Observable<T> => {
    const cancellation = withCancellation<T>({ signal: requestOptions?.signal, cancel$: requestOptions?.cancel$ });
    return defer(() => {
      const op = startOperationSpan(tracer, name, context.active(), attributes);
      const opLogger = lazyChildLogger(logger, { operation: name });
      const defaults: SendOptions = {
        timeoutMs: requestOptions?.timeoutMs,
        maxRetries: requestOptions?.maxRetries,
        headers: requestOptions?.headers,
      };
      const scope: OperationScope = {
        send: (request, sendOptions) =>
          sendRequest(pipelineDeps, request, mergeSendOptions(defaults, sendOptions), {
            parentContext: op.context,
            logger: opLogger,
            operation: name,
          }),
        logger: opLogger,
        scheduler,
        setAttributes: (attrs) => op.setAttributes(attrs),
      };
      let failure: unknown;
      let body$: Observable<T>;
      try {
        body$ = body(scope);
      } catch (error) {
        op.end(error);
        return throwError(() => error);
      }
      return body$.pipe(
        tap({ error: (error: unknown) => (failure = error) }),
        finalize(() => op.end(failure)),
      );
    }).pipe(cancellation);
  };

  let closed = false;
  return {
    config,
    logger,
    scheduler,
    operation,
    close: () => {
      if (closed) return;
      closed = true;
      axiosTransport?.destroy();
    },
  };
}

function mergeSendOptions(defaults: SendOptions, overrides: SendOptions | undefined): SendOptions {
  if (!overrides) return defaults;
  return {
    timeoutMs: overrides.timeoutMs ?? defaults.timeoutMs,
    maxRetries: overrides.maxRetries ?? defaults.maxRetries,
    headers: defaults.headers || overrides.headers ? { ...defaults.headers, ...overrides.headers } : undefined,
    idempotent: overrides.idempotent,
  };
}
