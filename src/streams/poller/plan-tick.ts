import type { WatchedId } from './watched-id.js';

/** How far ahead of its due time an id may join a tick that reads list pages anyway, at most, in ms. */
export const BATCH_WINDOW_MS = 1000;

/** What one tick polls, and how. */
export interface TickPlan {
  readonly mode: 'list' | 'retrieve';
  readonly entries: readonly WatchedId[];
}

/**
 * Picks the ids a tick at `nowMs` polls and marks them in flight. Ids due now are taken; if list reads are
 * possible and, with the ids due within {@link BATCH_WINDOW_MS} (a quarter of their own delay at most), at least
 * `threshold` ids are due, the tick reads list pages for all of them; else it retrieves the ids due now.
 * Nothing due: `undefined`.
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
  const due: WatchedId[] = [];
  const early: WatchedId[] = [];
  for (const entry of entries) {
    if (entry.inFlight) continue;
    const wait = entry.dueAtMs - nowMs;
    if (wait <= 0) due.push(entry);
    else if (canList && wait <= Math.min(BATCH_WINDOW_MS, entry.delayMs / 4)) early.push(entry);
  }
  if (due.length === 0) return undefined;
  const list = canList && due.length + early.length >= threshold;
  const picked = list ? due.concat(early) : due;
  for (const entry of picked) entry.inFlight = true;
  return { mode: list ? 'list' : 'retrieve', entries: picked };
}

/**
 * When the next tick is due: the earliest due time among ids not in flight (`Infinity` if none).
 *
 * @example
 * ```ts
 * nextDueMs(poller.entries.values()); // 2002
 * ```
 */
export function nextDueMs(entries: Iterable<WatchedId>): number {
  let next = Number.POSITIVE_INFINITY;
  for (const entry of entries) if (!entry.inFlight && entry.dueAtMs < next) next = entry.dueAtMs;
  return next;
}
