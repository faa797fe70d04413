import { type Context } from '@opentelemetry/api';
import { Observable, type SchedulerLike, throwError } from 'rxjs';
import type { ResolvedConfig } from '../config/options.js';
import { ValidationError } from '../errors/validation-error.js';
import type { InstrumentedTransport } from '../telemetry/instrument-transport.js';
import type { LoggerLike } from '../telemetry/logger-like.js';
import { mergeHeaders } from '../transport/agent.js';
import type { HttpRequest, HttpResponse } from '../transport/types.js';
import { BackoffRetryRun } from './operators/backoff-retry-run.js';
import { type GiveUpEvent, type RetryEvent, withTimeout } from './operators/index.js';
import { retrySettings } from './operators/retry-with-backoff.js';
import type { SendOptions } from './runtime-types.js';

/** What {@link sendRequest} runs on. */
export interface PipelineDeps {
  transport: InstrumentedTransport;
  config: ResolvedConfig;
  scheduler: SchedulerLike;
  /** Jitter source for the backoff. @default Math.random */
  random?: () => number;
}

/** One `send` inside an operation: the operation's context and logger. */
export interface SendContext {
  parentContext: Context;
  logger: LoggerLike;
  operation: string;
}

/**
 * The request pipeline: attempt n (one CLIENT span per attempt, `resendCount` 0, 1, 2, …) → per-attempt
 * `withTimeout` (until the response is emitted, i.e. until headers for streams; `0` = none) → `retryWithBackoff`
 * (idempotent unless a POST; ambiguous POST failures become `AmbiguousRequestError`). Retries log at `warn`.
 * Per-call `headers` win over the request's own headers.
 */
export function sendRequest<T>(
  deps: PipelineDeps,
  request: HttpRequest,
  options: SendOptions,
  ctx: SendContext,
): Observable<HttpResponse<T>> {
  const timeoutMs = options.timeoutMs ?? deps.config.timeoutMs;
  const maxRetries = options.maxRetries ?? deps.config.retry.maxRetries;
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0) {
    return throwError(() => new ValidationError('timeoutMs', 'must be a number >= 0'));
  }
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    return throwError(() => new ValidationError('maxRetries', 'must be a non-negative integer'));
  }
  const idempotent = options.idempotent ?? request.method !== 'POST';
  const headers = options.headers ? mergeHeaders(request.headers, options.headers) : request.headers;
  const operation = request.operation ?? ctx.operation;
  // Built once per send (both are stateless until subscribed), not once per subscription or attempt.
  const attemptOptions = {
    parentContext: ctx.parentContext,
    decorate: withTimeout<HttpResponse>(timeoutMs, deps.scheduler),
  };
  const settings = retrySettings({
    ...deps.config.retry,
    maxRetries,
    idempotent,
    scheduler: deps.scheduler,
    random: deps.random,
    onRetry: (event) => logRetry(ctx, request, event),
    onGiveUp: (event) => logGiveUp(ctx, request, event),
  });
  // What `defer(() => defer(() => transport({ ...request, resendCount: n++ })).pipe(retryWithBackoff(…)))` did,
  // without the two `defer`s and the operator's wrapper: attempt n (0-based) is built when it is subscribed.
  const attempt = (resendCount: number): Observable<HttpResponse> =>
    deps.transport({ ...request, headers, operation, resendCount }, attemptOptions);
  return new Observable<HttpResponse>((subscriber) =>
    new BackoffRetryRun(settings, attempt, subscriber).start(),
  ) as Observable<HttpResponse<T>>;
}

function logRetry(ctx: SendContext, request: HttpRequest, event: RetryEvent): void {
  ctx.logger.warn(
    {
      retryNumber: event.retryNumber,
      delayMs: Math.round(event.delayMs),
      delaySource: event.delaySource,
      ...describeFailure(ctx, request, event.error),
    },
    'retrying request',
  );
}

/** A give-up after retries, or an ambiguous POST, is worth a warning; a plain non-retryable error is debug. */
function logGiveUp(ctx: SendContext, request: HttpRequest, event: GiveUpEvent): void {
  const fields = { reason: event.reason, attempts: event.attempts, ...describeFailure(ctx, request, event.error) };
  if (event.reason === 'not-retryable') ctx.logger.debug(fields, 'request failed; not retried');
  else ctx.logger.warn(fields, 'request failed; giving up');
}

function describeFailure(ctx: SendContext, request: HttpRequest, failure: unknown): Record<string, unknown> {
  const error = failure as { status?: unknown; name?: unknown } | undefined;
  return {
    operation: ctx.operation,
    method: request.method,
    path: request.pathTemplate ?? request.path,
    status: typeof error?.status === 'number' ? error.status : undefined,
    errorName: typeof error?.name === 'string' ? error.name : undefined,
  };
}
