import type { WatchedId } from './watched-id.js';

/**
 * How long a newly watched id's first poll may wait for company (other new or due ids) when the poller watches
 * enough ids to read a list, in ms: watches started one by one (as creates return) then cost one list request.
 */
export const FIRST_POLL_BATCH_MS = 20;

/** What one tick polls, and how. */
export interface TickPlan {
  readonly mode: 'list' | 'retrieve';
  readonly entries: readonly WatchedId[];
}

/**
 * Picks the ids a tick at `nowMs` polls and marks them in flight. Ids due now (within 1 ms) are taken; if list
 * reads are possible and, with the ids due within their `batchWindowMs` (half their delay, at most their
 * `minIntervalMs`), at least `threshold` ids are due, the tick reads list pages for all of them; else it retrieves the ids due now. A
 * new id's first poll may wait up to {@link FIRST_POLL_BATCH_MS} for company when the poller watches at least
 * `threshold` ids. Nothing to poll: `undefined`.
 *
 * @example
 * ```ts
 * planTick(poller.entries.values(), scheduler.now(), 3, true); // { mode: 'list', entries: [...] }
 * ```
 */
export function planTick(
  entries: Iterable<WatchedId>,
  nowMs: number,
  threshold: number,
  canList: boolean,
): TickPlan | undefined {
  const plan = pickTick(entries, nowMs, threshold, canList);
  for (const entry of plan?.entries ?? []) entry.inFlight = true;
  return plan;
}

/**
 * What {@link planTick} would poll at `nowMs`, without marking anything in flight (so a caller can first wait for
 * the budget, then plan with every id due by then).
 *
 * @example
 * ```ts
 * if (pickTick(poller.entries.values(), scheduler.now(), 3, true)) waitForPermitThenPlan();
 * ```
 */
export function pickTick(
  entries: Iterable<WatchedId>,
  nowMs: number,
  threshold: number,
  canList: boolean,
): TickPlan | undefined {
  let due: WatchedId[] = [];
  const early: WatchedId[] = [];
  let watched = 0;
  let newestArrival = Number.NEGATIVE_INFINITY;
  for (const entry of entries) {
    watched++;
    if (entry.inFlight) continue;
    const wait = entry.dueAtMs - nowMs;
    if (wait < 1) {
      due.push(entry); // timers have 1 ms granularity and may fire a fraction early
      if (entry.isNew) newestArrival = Math.max(newestArrival, entry.dueAtMs);
    } else if (canList && wait <= entry.batchWindowMs) {
      early.push(entry);
    }
  }
  const short = due.length + early.length < threshold;
  if (canList && short && watched >= threshold && nowMs - newestArrival < FIRST_POLL_BATCH_MS) {
    due = due.filter((entry) => !entry.isNew); // new ids wait a little for company
  }
  if (due.length === 0) return undefined;
  const list = canList && due.length + early.length >= threshold;
  return { mode: list ? 'list' : 'retrieve', entries: list ? due.concat(early) : due };
}

/**
 * When the next tick is due: the earliest due time among ids not in flight (`Infinity` if none). A new id held
 * back for company (see {@link planTick}) counts as due when its batching window ends.
 *
 * @example
 * ```ts
 * nextDueMs(poller.entries.values(), scheduler.now(), 3, true); // 2002
 * ```
 */
export function nextDueMs(entries: Iterable<WatchedId>, nowMs: number, threshold: number, canList: boolean): number {
  let next = Number.POSITIVE_INFINITY;
  let watched = 0;
  let dueNow = 0;
  let newest = Number.NEGATIVE_INFINITY;
  for (const entry of entries) {
    watched++;
    if (entry.inFlight) continue;
    if (entry.dueAtMs - nowMs < 1) dueNow++;
    if (entry.isNew && entry.dueAtMs <= nowMs) newest = Math.max(newest, entry.dueAtMs);
    else if (entry.dueAtMs < next) next = entry.dueAtMs;
  }
  if (newest === Number.NEGATIVE_INFINITY) return next;
  const holding = canList && dueNow < threshold && watched >= threshold && nowMs - newest < FIRST_POLL_BATCH_MS;
  return Math.min(next, holding ? newest + FIRST_POLL_BATCH_MS : nowMs);
}
