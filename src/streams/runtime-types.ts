import type { Attributes, Context, Link, Meter } from '@opentelemetry/api';
import type { Observable, ObservableInput, SchedulerLike } from 'rxjs';
import type { RequestOptions, ResolvedConfig } from '../config/options.js';
import type { LoggerLike } from '../telemetry/logger-like.js';
import type { HttpRequest, HttpResponse } from '../transport/types.js';
import type { RequestPriority } from '../quota/types.js';
import type { VideoWebhookEvent } from './poller/webhook-event.js';
import type { PrepaidAttempt } from './prepaid-attempt.js';

/** Per-request options inside an operation. */
export interface SendOptions extends Pick<RequestOptions, 'timeoutMs' | 'maxRetries' | 'headers'> {
  /**
   * Whether resending after an ambiguous failure is safe. Defaults to `true` for GET/DELETE, `false` for POST;
   * a non-idempotent request that fails ambiguously errors with `AmbiguousRequestError`.
   */
  idempotent?: boolean;
  /** A permit paid ahead (see {@link SoraRuntime.prepay}): the first attempt that claims it does not wait. */
  prepaid?: PrepaidAttempt;
}

/** What an operation's body can do: send requests whose attempt spans hang under the operation's span. */
export interface OperationScope {
  /**
   * Sends one logical request through the pipeline: transport, per-attempt timeout, typed errors,
   * retry with backoff (one CLIENT span and one debug log pair per attempt). Cold.
   */
  send<T>(request: HttpRequest, options?: SendOptions): Observable<HttpResponse<T>>;
  /** The operation's logger (a child with `operation` bound). */
  readonly logger: LoggerLike;
  /** The scheduler every timer must use. */
  readonly scheduler: SchedulerLike;
  /** Sets attributes on the operation span (e.g. `sora.video.id` once known). */
  setAttributes(attributes: Attributes): void;
  /** The operation span's context (for links to this operation, e.g. from the poll ticks that serve a watch). */
  readonly parentContext?: Context;
}

/** How an operation's span starts (see {@link SoraRuntime.operation}). */
export interface OperationSpanOptions {
  readonly links?: readonly Link[];
  /** A root span, whatever context is active when the operation is subscribed. */
  readonly root?: boolean;
}

/**
 * The engine under every Videos operation: configuration, logging, tracing and the request pipeline.
 * Operations are thin functions of a `SoraRuntime`.
 */
export interface SoraRuntime {
  readonly config: ResolvedConfig;
  readonly logger: LoggerLike;
  readonly scheduler: SchedulerLike;
  /** The meter of the client's metrics (the shared poller's); the global meter when absent. */
  readonly meter?: Meter;
  /**
   * Waits for the budget of one attempt of `priority` (the `rateLimit` governor's permit) and emits it once, as a
   * {@link PrepaidAttempt} for `SendOptions.prepaid`. Errors with `CancelledError` (`client_closed`) once the client
   * is closed, or with the store's failure. Absent when no governor runs (nothing to wait for).
   */
  prepay?(priority: RequestPriority): Observable<PrepaidAttempt>;
  /** The `webhookEvents` client option, fed to the shared poller. */
  readonly webhookEvents?: ObservableInput<VideoWebhookEvent>;
  /**
   * Runs `body` as one operation: a cold Observable wrapped in one INTERNAL span `sora.<name>`, with the
   * caller's `signal` (errors with `CancelledError`) and `cancel$` (completes) applied to the whole, ended by the
   * runtime's `close()` (errors with `CancelledError` code `client_closed`, at once after it), and
   * `options.timeoutMs` / `maxRetries` / `headers` passed down to each `send`. `span.links` go on the span at its
   * start; `span.root` starts it as a root span (not under the subscriber's active context: a poll tick serves many
   * watches and belongs to none of their callers).
   */
  operation<T>(
    name: string,
    options: RequestOptions | undefined,
    body: (scope: OperationScope) => Observable<T>,
    attributes?: Attributes,
    span?: OperationSpanOptions,
  ): Observable<T>;
}
