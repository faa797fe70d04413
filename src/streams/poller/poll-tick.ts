import type { Link } from '@opentelemetry/api';
import {
  catchError,
  EMPTY,
  finalize,
  ignoreElements,
  merge,
  mergeMap,
  type Observable,
  of,
  takeUntil,
  tap,
} from 'rxjs';
import { isSoraError } from '../../errors/sora-error.js';
import type { PrepaidAttempt } from '../prepaid-attempt.js';
import type { OperationScope } from '../runtime-types.js';
import { keepWatchingAfter } from './keep-watching.js';
import { reportStats, sweepList, type TickStats } from './list-sweep.js';
import type { TickPlan } from './plan-tick.js';
import { retrieveForPoll } from './poll-requests.js';
import type { PollerState } from './poller-state.js';
import type { WatchedId } from './watched-id.js';

/** Links a tick span carries at most, to the watches it polls for (OpenTelemetry's default span link limit). */
export const MAX_TICK_LINKS = 128;

/**
 * List answers that mean "this service cannot list like that" (the poller stops trying). 401/403 on the list alone
 * (retrieves work) is a key scoped to single videos: listing again would cost a list request every tick.
 */
export const LIST_UNSUPPORTED_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404, 405, 422, 501]);

/**
 * One poll tick as one operation (span `sora.pollVideos`, attributes `sora.poll.mode`, `sora.poll.ids`,
 * `sora.poll.list_requests`, `sora.poll.retrieves`, `sora.poll.covered`): list pages for a `list` plan, then one
 * retrieve per due id the pages did not show; one retrieve per id for a `retrieve` plan. `prepaid` (the budget the
 * poller waited for before planning) goes to the first request sent. The span links to the spans of the watches it
 * polls for (at most {@link MAX_TICK_LINKS}). Each id's state or
 * failure goes to its watchers; a retrieve stops when its id's last watcher leaves. Never errors.
 *
 * ```text
 * list plan:     --page1--page2--(retrieve x)--|
 * retrieve plan: --(retrieve a, retrieve b)--|
 * ```
 *
 * @example
 * ```ts
 * pollTick(state, { mode: 'retrieve', entries: [entry] }).subscribe();
 * ```
 */
export function pollTick(state: PollerState, plan: TickPlan, prepaid?: PrepaidAttempt): Observable<never> {
  const stats: TickStats = { listRequests: 0, retrieves: 0, covered: 0 };
  const links: Link[] = [];
  for (const entry of plan.entries) entry.collectLinks(links, MAX_TICK_LINKS);
  return state.runtime
    .operation(
      'pollVideos',
      state.requestOptions,
      (operationScope) => {
        const scope = prepaid?.unclaimed ? withPrepaid(operationScope, prepaid) : operationScope;
        scope.setAttributes({ 'sora.poll.mode': plan.mode, 'sora.poll.ids': plan.entries.length });
        const work$ =
          plan.mode === 'retrieve'
            ? retrieveEach(state, scope, plan.entries, stats)
            : sweepList(state, scope, plan.entries, stats).pipe(
                catchError((error: unknown) => of(afterListFailure(state, scope, plan.entries, error))),
                mergeMap((rest) => retrieveEach(state, scope, rest, stats)),
              );
        return work$;
      },
      undefined,
      { links, root: true },
    )
    .pipe(
      catchError((error: unknown) => {
        // The tick itself failed (e.g. the client was closed): every id still waiting on it gets that failure.
        const now = state.runtime.scheduler.now();
        for (const entry of stillWaiting(state, plan.entries)) entry.fail(error, now, state.pace());
        return EMPTY;
      }),
      finalize(() => {
        for (const entry of stillWaiting(state, plan.entries)) {
          entry.inFlight = false;
          entry.reschedule(state.pace());
        }
      }),
    );
}

/** `scope` whose sends carry `prepaid` (the first attempt subscribed spends it). */
function withPrepaid(scope: OperationScope, prepaid: PrepaidAttempt): OperationScope {
  return {
    send: (request, options) => scope.send(request, { ...options, prepaid }),
    get logger() {
      return scope.logger;
    },
    scheduler: scope.scheduler,
    setAttributes: (attributes) => scope.setAttributes(attributes),
  };
}

function retrieveEach(
  state: PollerState,
  scope: OperationScope,
  entries: readonly WatchedId[],
  stats: TickStats,
): Observable<never> {
  if (entries.length === 0) return EMPTY;
  return merge(...entries.map((entry) => retrieveOne(state, scope, entry, stats)));
}

function retrieveOne(state: PollerState, scope: OperationScope, entry: WatchedId, stats: TickStats): Observable<never> {
  stats.retrieves++;
  reportStats(scope, stats);
  const now = (): number => state.runtime.scheduler.now();
  return retrieveForPoll(scope, entry.id, entry.encodedId).pipe(
    tap(({ video, hintMs }) => entry.observe(video, now(), hintMs, state.pace())),
    ignoreElements(),
    catchError((error: unknown) => {
      if (keepWatchingAfter(error)) {
        scope.logger.warn(
          { err: (error as Error).message, id: entry.id },
          'watchVideo: poll failed after retries, polling on',
        );
      }
      entry.fail(error, now(), state.pace());
      return EMPTY;
    }),
    takeUntil(entry.gone),
  );
}

/**
 * A list read failed. Unsupported (see {@link LIST_UNSUPPORTED_STATUSES}, or a body that is not a list of videos
 * with statuses): never list again, retrieve each id now. Any other failure (a retryable one after the request's
 * retries too): retrieve each due id not seen yet now. The list's failure is not counted against the ids (only
 * their own retrieves are), so a flaky list alone never ends a watch.
 */
function afterListFailure(
  state: PollerState,
  scope: OperationScope,
  due: readonly WatchedId[],
  error: unknown,
): WatchedId[] {
  const waiting = stillWaiting(state, due);
  const status = isSoraError(error) ? error.status : undefined;
  if (status !== undefined && LIST_UNSUPPORTED_STATUSES.has(status)) {
    state.listUnsupported(`GET /videos answered ${status}`);
    return waiting;
  }
  if (isSoraError(error) && error.code === 'invalid_response') {
    state.listUnsupported('GET /videos did not answer a list of videos with statuses');
    return waiting;
  }
  if (keepWatchingAfter(error)) {
    scope.logger.warn(
      { err: (error as Error).message, ids: waiting.length },
      'pollVideos: list read failed after retries, retrieving each due id',
    );
  }
  return waiting;
}

function stillWaiting(state: PollerState, entries: readonly WatchedId[]): WatchedId[] {
  return entries.filter((entry) => entry.inFlight && state.entries.get(entry.id) === entry);
}
