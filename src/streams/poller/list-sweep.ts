import { EMPTY, expand, last, map, type Observable } from 'rxjs';
import type { OperationScope } from '../runtime-types.js';
import type { VideoList } from '../videos/types.js';
import { LIST_PAGE_LIMIT, listPageForPoll } from './poll-requests.js';
import type { PollerState } from './poller-state.js';
import type { WatchedId } from './watched-id.js';

/** Counts of one tick, for its span and metrics. */
export interface TickStats {
  listRequests: number;
  retrieves: number;
  /** Watched ids whose state list pages delivered. */
  covered: number;
}

/**
 * Reads `GET /videos?order=desc&limit=100` pages, newest first, and hands every watched id found on them its
 * fresh state (due or not; ids with a poll of their own in flight are left alone), all stamped with the sweep's
 * start time so that ids seen together come due together again. Stops once every `due` id was seen, at the last
 * page, at a page older than the oldest unseen due id (when all their `created_at` are known), after
 * `ceil(watched ids / 100) + 1` pages (as many as could hold every watched id), or when a cursor repeats. Emits once: the due ids the pages did not
 * show (still watched), for a retrieve each.
 *
 * ```text
 * pages:  --p1--p2|        (p2 is older than every unseen due id)
 * result: --------(u|)     u = due ids not on p1 or p2
 * ```
 *
 * @example
 * ```ts
 * sweepList(state, scope, due, stats).subscribe((unseen) => unseen.forEach(retrieve));
 * ```
 */
export function sweepList(
  state: PollerState,
  scope: OperationScope,
  due: readonly WatchedId[],
  stats: TickStats,
): Observable<WatchedId[]> {
  const dueSet = new Set(due);
  const unseen = new Set(due);
  const budget = Math.ceil(state.entries.size / LIST_PAGE_LIMIT) + 1;
  const atMs = state.runtime.scheduler.now();
  const cursors = new Set<string>();
  const read = (after: string | undefined): Observable<VideoList> =>
    listPageForPoll(scope, after).pipe(map((page) => deliver(state, scope, page, atMs, dueSet, unseen, stats)));
  return read(undefined).pipe(
    expand((page, index) => {
      const next = nextCursor(page, index + 1, budget, unseen, state);
      if (next === undefined || cursors.has(next)) return EMPTY;
      cursors.add(next);
      return read(next);
    }),
    last(),
    map(() => [...unseen].filter((entry) => state.entries.get(entry.id) === entry)),
  );
}

function deliver(
  state: PollerState,
  scope: OperationScope,
  page: VideoList,
  atMs: number,
  dueSet: ReadonlySet<WatchedId>,
  unseen: Set<WatchedId>,
  stats: TickStats,
): VideoList {
  let covered = 0;
  stats.listRequests++;
  for (const video of page.data) {
    const entry = state.entries.get(video.id);
    if (entry === undefined) continue;
    const ours = dueSet.has(entry);
    if (ours ? !unseen.delete(entry) : entry.inFlight) continue;
    covered++;
    entry.observe(video, atMs, undefined, state.pace());
  }
  stats.covered += covered;
  state.metrics.idsPerList?.record(covered);
  if (covered > 1) state.metrics.requestsSaved?.add(covered - 1);
  reportStats(scope, stats);
  return page;
}

/**
 * Puts a tick's counts on its span as they change (`sora.poll.list_requests`, `sora.poll.retrieves`,
 * `sora.poll.covered`), so they are there whenever the span ends.
 *
 * @example
 * ```ts
 * reportStats(scope, { listRequests: 1, retrieves: 0, covered: 87 });
 * ```
 */
export function reportStats(scope: OperationScope, stats: TickStats): void {
  scope.setAttributes({
    'sora.poll.list_requests': stats.listRequests,
    'sora.poll.retrieves': stats.retrieves,
    'sora.poll.covered': stats.covered,
  });
}

function nextCursor(
  page: VideoList,
  pagesRead: number,
  budget: number,
  unseen: ReadonlySet<WatchedId>,
  state: PollerState,
): string | undefined {
  let live = 0;
  let oldest = Number.POSITIVE_INFINITY;
  for (const entry of unseen) {
    if (state.entries.get(entry.id) !== entry) continue;
    live++;
    oldest = Math.min(oldest, entry.createdAt ?? Number.NEGATIVE_INFINITY);
  }
  if (live === 0 || pagesRead >= budget || !page.has_more || page.data.length === 0) return undefined;
  const cursor = page.last_id ?? page.data[page.data.length - 1]?.id;
  if (typeof cursor !== 'string' || cursor.length === 0) return undefined;
  const pageOldest = page.data[page.data.length - 1]?.created_at;
  if (typeof pageOldest === 'number' && pageOldest < oldest) return undefined;
  return cursor;
}
