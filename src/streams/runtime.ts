import { type Attributes, type Context, ROOT_CONTEXT, context, metrics, trace } from '@opentelemetry/api';
import {
  type Observable,
  type SchedulerLike,
  type TapObserver,
  asyncScheduler,
  defer,
  map,
  take,
  takeUntil,
  tap,
} from 'rxjs';
import type { RequestOptions, ResolvedConfig, SoraClientOptions } from '../config/options.js';
import { ValidationError } from '../errors/validation-error.js';
import { resolveConfig } from '../config/resolve.js';
import type { EnvRecord } from '../config/env.js';
import { instrumentTransport } from '../telemetry/instrument-transport.js';
import { lazyChildLogger } from '../telemetry/lazy-child-logger.js';
import { createDefaultLogger } from '../telemetry/logger.js';
import { createRequestDurationHistogram } from '../telemetry/metrics.js';
import { configureBudget } from '../quota/budget.js';
import { type RateGovernor, createRateGovernor } from '../quota/governor.js';
import { localRateLimitStore } from '../quota/local-store.js';
import { governorAttemptHooks } from '../quota/governor-hooks.js';
import { createRateLimitWaitHistogram } from '../quota/wait-telemetry.js';
import { INSTRUMENTATION_NAME } from '../telemetry/semconv.js';
import type { LoggerLike } from '../telemetry/logger-like.js';
import { type OperationSpan, startOperationSpan } from '../telemetry/tracing.js';
import { createAxiosTransport } from '../transport/axios-transport.js';
import { CancelledError } from '../errors/request-errors.js';
import type { HttpRequest, HttpResponse } from '../transport/types.js';
import { SDK_VERSION } from '../util/version.js';
import { createCloseNotifier } from './close-notifier.js';
import { withCancellation } from './operators/index.js';
import { type AttemptHooks, type PipelineDeps, type SendContext, sendRequest } from './pipeline.js';
import { PrepaidAttempt } from './prepaid-attempt.js';
import type { OperationScope, OperationSpanOptions, SendOptions, SoraRuntime } from './runtime-types.js';

/** A runtime that owns resources (the axios transport's keep-alive sockets) and can be closed for good. */
export interface ManagedRuntime extends SoraRuntime {
  /**
   * Terminal and idempotent: every running operation (watches included) errors with a `CancelledError` of code
   * `client_closed` and is unsubscribed (aborting its in-flight request, cancelling its timers), operations
   * subscribed afterwards fail the same way at once without sending anything, and the keep-alive sockets of the
   * built-in transport are closed.
   */
  close(): void;
}

/** Extra knobs of {@link createRuntime}, mostly for tests. */
export interface RuntimeDeps {
  /** Environment to read `OPENAI_*` / `SORA_*` from. @default process.env */
  env?: EnvRecord;
  /** Jitter source of the backoff. @default Math.random */
  random?: () => number;
  /** Hooks around every attempt of every request (a rate governor); see `AttemptHooks`. @default none */
  attemptHooks?: AttemptHooks;
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
  const governor = createGovernor(options, config, scheduler, logger);
  const attemptHooks = governor
    ? governorAttemptHooks({ governor, scheduler, histogram: createRateLimitWaitHistogram(meter) })
    : deps.attemptHooks;
  const pipelineDeps: PipelineDeps = {
    transport,
    config,
    scheduler,
    random: deps.random ?? options.random,
    attemptHooks,
  };
  // Errors (with `client_closed`) once `close()` is called; a late subscriber gets that error at once.
  const closing = createCloseNotifier();

  const operation = <T>(
    name: string,
    requestOptions: RequestOptions | undefined,
    body: (scope: OperationScope) => Observable<T>,
    attributes?: Attributes,
    span?: OperationSpanOptions,
  ): Observable<T> => {
    const defaults: SendOptions = {
      timeoutMs: requestOptions?.timeoutMs,
      maxRetries: requestOptions?.maxRetries,
      headers: requestOptions?.headers,
    };
    // Per subscription: the operation span (parent = the subscriber's active context), ended with the body's
    // error, if any, once the body is torn down (error, complete or unsubscribe).
    return defer(() => {
      const parent = span?.root ? ROOT_CONTEXT : context.active();
      const op = startOperationSpan(tracer, name, parent, attributes, span?.links);
      let body$: Observable<T>;
      try {
        body$ = body(new Scope(pipelineDeps, op, name, logger, scheduler, defaults));
      } catch (error) {
        op.end(error);
        throw error;
      }
      return body$.pipe(tap(new SpanEnd(op)));
    }).pipe(
      withCancellation<T>({ signal: requestOptions?.signal, cancel$: requestOptions?.cancel$ }),
      takeUntil(closing.closed$),
    );
  };

  let closed = false;
  return {
    config,
    logger,
    scheduler,
    meter,
    webhookEvents: options.webhookEvents,
    operation,
    prepay: prepayWith(attemptHooks, closing.closed$),
    close: () => {
      if (closed) return;
      closed = true;
      closing.close(() => new CancelledError('The client was closed', { code: 'client_closed' }));
      axiosTransport?.destroy();
    },
  };
}

/** `SoraRuntime.prepay` over the attempt hooks' `prepay` (none without it), ended by `close()`. */
function prepayWith(hooks: AttemptHooks | undefined, closed$: Observable<never>): SoraRuntime['prepay'] {
  const pay = hooks?.prepay?.bind(hooks);
  if (pay === undefined) return undefined;
  return (priority) =>
    pay(priority).pipe(
      take(1),
      map((token) => new PrepaidAttempt(token)),
      takeUntil(closed$),
    );
}

/** The `rateLimit` option's governor (validated here: a bad number throws `ValidationError`), or none. */
function createGovernor(
  options: SoraClientOptions,
  config: ResolvedConfig,
  scheduler: SchedulerLike,
  logger: LoggerLike,
): RateGovernor | undefined {
  if (options.rateLimit === undefined) return undefined;
  if (typeof options.rateLimit !== 'object' || options.rateLimit === null) {
    throw new ValidationError('rateLimit', 'must be an object');
  }
  return createRateGovernor({
    budget: configureBudget(options.rateLimit),
    store: options.rateLimit.store ?? localRateLimitStore(),
    scheduler,
    logger,
    maxPauseMs: config.retry.maxRetryAfterMs,
  });
}

function mergeSendOptions(defaults: SendOptions, overrides: SendOptions | undefined): SendOptions {
  if (!overrides) return defaults;
  return {
    timeoutMs: overrides.timeoutMs ?? defaults.timeoutMs,
    maxRetries: overrides.maxRetries ?? defaults.maxRetries,
    headers: defaults.headers || overrides.headers ? { ...defaults.headers, ...overrides.headers } : undefined,
    idempotent: overrides.idempotent,
    prepaid: overrides.prepaid,
  };
}

/**
 * The scope handed to an operation's body, and the context of its sends (methods and getters on the
 * prototype, the child logger built on first use: a watch may hold its scope for minutes).
 */
class Scope implements OperationScope, SendContext {
  private childLogger: LoggerLike | undefined;

  constructor(
    private readonly deps: PipelineDeps,
    private readonly op: OperationSpan,
    readonly operation: string,
    private readonly rootLogger: LoggerLike,
    readonly scheduler: SchedulerLike,
    private readonly defaults: SendOptions,
  ) {}

  get logger(): LoggerLike {
    return (this.childLogger ??= lazyChildLogger(this.rootLogger, { operation: this.operation }));
  }

  get parentContext(): Context {
    return this.op.context;
  }

  send<T>(request: HttpRequest, options?: SendOptions): Observable<HttpResponse<T>> {
    return sendRequest<T>(this.deps, request, mergeSendOptions(this.defaults, options), this);
  }

  setAttributes(attributes: Attributes): void {
    this.op.setAttributes(attributes);
  }
}

/**
 * The `tap` observer that ends the operation span once the body is torn down (error, complete or unsubscribe),
 * with the body's error if it failed (a class: one small object per subscription, no closures).
 */
class SpanEnd implements Partial<TapObserver<unknown>> {
  private failure: unknown;

  constructor(private readonly op: OperationSpan) {}

  error(error: unknown): void {
    this.failure = error;
  }

  finalize(): void {
    this.op.end(this.failure);
  }
}
