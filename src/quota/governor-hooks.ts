import type { Histogram } from '@opentelemetry/api';
import { type SchedulerLike, defer, of, tap } from 'rxjs';
import type { AttemptHooks, AttemptInfo } from '../streams/pipeline.js';
import { isClientRateLimited } from './client-rate-limited.js';
import type { RateGovernor } from './governor.js';
import type { Permit, PermitOutcome } from './permit.js';
import { requestPriority } from './priority.js';
import { recordRateLimitWait } from './wait-telemetry.js';

/** What {@link governorAttemptHooks} reports to. */
export interface GovernorHooksDeps {
  readonly governor: RateGovernor;
  readonly scheduler: SchedulerLike;
  /** `sora.client.rate_limit.wait` (see `createRateLimitWaitHistogram`). */
  readonly histogram?: Histogram;
}

/**
 * The request pipeline's attempt hooks for a governor: before each attempt (retries included) wait for a permit of
 * the request's priority, recording the wait (span event on the operation, histogram point); after it, settle the
 * permit with the response or error response (headers teach the budget; a 429 pauses everyone sharing it). The wait
 * is outside the attempt's span and per-attempt timeout. `prepay` waits for a permit ahead of a request; the attempt
 * handed it (`attempt.prepaid`) spends it without waiting again, and its wait is recorded then.
 *
 * @example
 * ```ts
 * createRuntime(options, { attemptHooks: governorAttemptHooks({ governor, scheduler: asyncScheduler }) });
 * ```
 */
export function governorAttemptHooks({ governor, scheduler, histogram }: GovernorHooksDeps): AttemptHooks {
  const permits = new WeakMap<AttemptInfo, Permit>();
  // Permits this governor paid ahead and nobody has spent yet (only those are accepted as `attempt.prepaid`).
  const prepaid = new WeakSet<Permit>();
  return {
    prepay: (priority) => governor.acquire(priority).pipe(tap((permit) => prepaid.add(permit))),
    beforeAttempt: (attempt) =>
      defer(() => {
        const { request, parentContext } = attempt;
        const operation = request.operation ?? '';
        const priority = requestPriority(request, request.operation);
        const startedAt = scheduler.now();
        const record = (waitedMs: number, outcome: 'granted' | 'rejected'): void =>
          recordRateLimitWait(histogram, parentContext, { priority, waitedMs, outcome, operation });
        const paid = attempt.prepaid as Permit | undefined;
        if (paid !== undefined && prepaid.delete(paid)) {
          // Paid ahead: the wait happened before the operation began; it is recorded here, on its span.
          permits.set(attempt, paid);
          record(paid.waitedMs, 'granted');
          return of(paid);
        }
        return governor.acquire(priority).pipe(
          tap({
            next: (permit) => {
              permits.set(attempt, permit);
              record(permit.waitedMs, 'granted');
            },
            error: (error: unknown) => {
              if (isClientRateLimited(error)) record(scheduler.now() - startedAt, 'rejected');
            },
          }),
        );
      }),
    afterAttempt: (attempt, outcome) => {
      const permit = permits.get(attempt);
      if (!permit) return;
      permits.delete(attempt);
      const settled =
        outcome.kind === 'response'
          ? { status: outcome.response.status, headers: outcome.response.headers }
          : outcome.kind === 'error'
            ? outcomeOf(outcome.error)
            : undefined;
      if (settled) governor.settle(permit, settled);
    },
  };
}

/** What an error response says about the budget (status, headers, Retry-After); undefined for no response. */
function outcomeOf(error: unknown): PermitOutcome | undefined {
  const e = error as { status?: unknown; headers?: unknown; retryAfterMs?: unknown } | undefined;
  if (typeof e?.status !== 'number') return undefined;
  return {
    status: e.status,
    headers: typeof e.headers === 'object' && e.headers !== null ? (e.headers as Record<string, string>) : undefined,
    retryAfterMs: typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined,
  };
}
