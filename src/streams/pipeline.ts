import { type Context } from '@opentelemetry/api';
import { type Observable, type SchedulerLike, defer, first, switchMap, tap, throwError } from 'rxjs';
import type { ResolvedConfig } from '../config/options.js';
import { ValidationError } from '../errors/validation-error.js';
import type { InstrumentedTransport } from '../telemetry/instrument-transport.js';
import type { LoggerLike } from '../telemetry/logger-like.js';
import { mergeHeaders } from '../transport/agent.js';
import type { HttpRequest, HttpResponse } from '../transport/types.js';
import { type GiveUpEvent, type RetryEvent, retryWithBackoff, withTimeout } from './operators/index.js';
import type { RequestPriority } from '../quota/types.js';
import type { PrepaidAttempt } from './prepaid-attempt.js';
import type { SendOptions } from './runtime-types.js';

/** One attempt as the {@link AttemptHooks} see it: the request as it is about to be sent. */
export interface AttemptInfo {
  /** Headers merged, `operation` and `resendCount` (0 for the first attempt, then 1, 2, …) set. */
  readonly request: HttpRequest;
  /** The operation span's context (a governor's wait is an event on that span). */
  readonly parentContext: Context;
  /**
   * What {@link AttemptHooks.prepay} emitted for this attempt, if the send was given a {@link PrepaidAttempt} and this
   * is the attempt that claimed it (the first); `beforeAttempt` then spends it instead of waiting.
   */
  readonly prepaid?: unknown;
}

/** How a sent attempt ended: a 2xx response, an error (typed, incl. a per-attempt timeout) or a cancel. */
export type AttemptOutcome =
  | { readonly kind: 'response'; readonly response: HttpResponse }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'cancelled' };

/**
 * The seam for a rate governor (issue 14): optional hooks around every attempt of every send.
 *
 * @example
 * ```ts
 * const hooks: AttemptHooks = {
 *   beforeAttempt: () => permits.acquire$(),             // emits once when a request may go out
 *   afterAttempt: (_attempt, outcome) => permits.observe(outcome),
 * };
 * createRuntime(options, { attemptHooks: hooks });
 * ```
 */
export interface AttemptHooks {
  /**
   * Subscribed before each attempt is sent; the attempt is sent when it first emits (its value is ignored;
   * completing without a value errors the attempt with rxjs `EmptyError`). The wait is outside the attempt's
   * span and timeout and inside cancellation (unsubscribing stops waiting), and each wait counts toward the
   * retry budget (`maxElapsedMs`). An error fails the attempt and goes through the retry policy like a
   * transport error, so a governor that refuses should error with something the policy does not retry
   * (e.g. a `ValidationError` or an error that is not a `SoraError`).
   */
  beforeAttempt?(attempt: AttemptInfo): Observable<unknown>;
  /** Sees how each sent attempt ended (called before the retry policy). Exceptions it throws are swallowed. */
  afterAttempt?(attempt: AttemptInfo, outcome: AttemptOutcome): void;
  /**
   * Waits, ahead of a request, for the budget of one attempt of `priority`, and emits a token for it (once; the
   * caller wraps it in a {@link PrepaidAttempt} for `SendOptions.prepaid`). For a caller that decides what to send only
   * once it may send (the shared poller: ids that came due while it waited join one list read).
   */
  prepay?(priority: RequestPriority): Observable<unknown>;
}

/** What {@link sendRequest} runs on. */
export interface PipelineDeps {
  transport: InstrumentedTransport;
  config: ResolvedConfig;
  scheduler: SchedulerLike;
  /** Jitter source for the backoff. @default Math.random */
  random?: () => number;
  /** Hooks around every attempt (a rate governor). @default none */
  attemptHooks?: AttemptHooks;
}

/** One `send` inside an operation: the operation's context and logger. */
export interface SendContext {
  parentContext: Context;
  logger: LoggerLike;
  operation: string;
}

/**
 * The request pipeline, per subscription: `defer` around attempt n (`resendCount` 0, 1, 2, …; one CLIENT span
 * each) → per-attempt `withTimeout` inside the attempt's span (until the response is emitted, i.e. until
 * headers for streams; `0` = none) → `retryWithBackoff` (idempotent unless a POST; ambiguous POST failures
 * become `AmbiguousRequestError`). With {@link AttemptHooks}, each attempt first waits for `beforeAttempt`
 * and reports to `afterAttempt`. Retries log at `warn`. Per-call `headers` win over the request's own headers.
 *
 * ```text
 * attempt 0:  -#                (503)
 * attempt 1:      -(r|)         (after a backoff of 3; resendCount 1)
 * output:     -----(r|)
 * ```
 *
 * @example
 * ```ts
 * sendRequest(deps, { method: 'GET', path: '/videos/video_1' }, {}, scope).subscribe((res) => res.data);
 * ```
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
  const retry = retryWithBackoff<HttpResponse>({
    ...deps.config.retry,
    maxRetries,
    idempotent,
    scheduler: deps.scheduler,
    random: deps.random,
    onRetry: (event) => logRetry(ctx, request, event),
    onGiveUp: (event) => logGiveUp(ctx, request, event),
  });
  const hooks = deps.attemptHooks;
  const prepaid: PrepaidAttempt | undefined = options.prepaid;
  return defer(() => {
    let resendCount = 0;
    return defer(() => {
      const outgoing: HttpRequest = { ...request, headers, operation, resendCount: resendCount++ };
      const sent$ = deps.transport(outgoing, attemptOptions);
      if (!hooks) return sent$;
      const attempt: AttemptInfo = { request: outgoing, parentContext: ctx.parentContext, prepaid: prepaid?.claim() };
      return governed(hooks, attempt, sent$);
    }).pipe(retry);
  }) as Observable<HttpResponse<T>>;
}

/** `sent$` after `beforeAttempt` has emitted once, reporting its outcome to `afterAttempt`. */
function governed(
  hooks: AttemptHooks,
  attempt: AttemptInfo,
  sent$: Observable<HttpResponse>,
): Observable<HttpResponse> {
  const after = hooks.afterAttempt;
  const reported$ = after
    ? sent$.pipe(
        tap({
          next: (response) => report(after, attempt, { kind: 'response', response }),
          error: (error: unknown) => report(after, attempt, { kind: 'error', error }),
          unsubscribe: () => report(after, attempt, { kind: 'cancelled' }),
        }),
      )
    : sent$;
  return hooks.beforeAttempt
    ? hooks.beforeAttempt(attempt).pipe(
        first(),
        switchMap(() => reported$),
      )
    : reported$;
}

function report(hook: NonNullable<AttemptHooks['afterAttempt']>, attempt: AttemptInfo, outcome: AttemptOutcome): void {
  try {
    hook(attempt, outcome);
  } catch {
    // A governor's bookkeeping must never break the request.
  }
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
