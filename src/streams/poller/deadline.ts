import { Observable, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs';
import { TimeoutError } from '../../errors/request-errors.js';
import { MAX_TIMER_MS } from '../../config/defaults.js';

/** Deadlines are rounded up to this many ms, so that watches started together share one timer. */
export const DEADLINE_GRANULARITY_MS = 10;

interface Slot {
  readonly waiting: Set<Subscriber<never>>;
  action: Subscription | undefined;
}

const slotsByScheduler = new WeakMap<SchedulerLike, Map<string, Slot>>();

/**
 * The edge of a watch's deadline: never emits, and errors with a fresh `TimeoutError` (code
 * `watch_deadline_exceeded`, `timeoutMs: deadlineMs`) once `deadlineMs` of scheduler time has passed since
 * subscription (rounded up to {@link DEADLINE_GRANULARITY_MS}; any length, waited in steps of at most 2^31-1 ms;
 * `Infinity` never). Watches whose deadlines fall in the same slot share one scheduled action: a deadline costs a
 * watch one `Set` entry, not a timer.
 *
 * ```text
 * deadline$(8):   --------#
 * ```
 *
 * @example
 * ```ts
 * states$.pipe(takeUntil(deadline$(600_000, scheduler)));
 * ```
 */
export function deadline$(deadlineMs: number, scheduler: SchedulerLike): Observable<never> {
  let byLength = notifiers.get(scheduler);
  if (byLength === undefined) {
    byLength = new Map();
    notifiers.set(scheduler, byLength);
  }
  let notifier = byLength.get(deadlineMs);
  if (notifier === undefined) {
    notifier = deadlineNotifier(deadlineMs, scheduler);
    // Watches mostly share a few deadline lengths (the default above all): one notifier per length.
    if (byLength.size < MAX_CACHED_LENGTHS) byLength.set(deadlineMs, notifier);
  }
  return notifier;
}

/** How many distinct deadline lengths keep a cached notifier per scheduler. */
const MAX_CACHED_LENGTHS = 64;

const notifiers = new WeakMap<SchedulerLike, Map<number, Observable<never>>>();

/**
 * An edge, on purpose (issue 12): a timer wheel, not a per-slot `boundedTimer(…).pipe(share())` in a Map. Each
 * watch would then hold a `share` ref-count teardown, a `Subject` inner `Subscription` and an operator subscriber
 * (to turn the tick into its own `TimeoutError`) instead of one `Set` entry, against the idle-watch heap budget
 * (<= 4 KB, `bench/concurrency.js`); and a `Subject` keeps its observers in an array removed by `splice`, so
 * cancelling (or expiring) the N watches of a busy slot costs O(N^2), where a `Set` deletes in O(1).
 */
function deadlineNotifier(deadlineMs: number, scheduler: SchedulerLike): Observable<never> {
  return new Observable<never>((subscriber) => {
    if (deadlineMs === Number.POSITIVE_INFINITY) return undefined;
    const at = Math.ceil((scheduler.now() + deadlineMs) / DEADLINE_GRANULARITY_MS) * DEADLINE_GRANULARITY_MS;
    let slots = slotsByScheduler.get(scheduler);
    if (slots === undefined) {
      slots = new Map();
      slotsByScheduler.set(scheduler, slots);
    }
    const key = `${at}:${deadlineMs}`;
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = { waiting: new Set(), action: undefined };
      slots.set(key, slot);
      arm(slots, key, slot, at, deadlineMs, scheduler);
    }
    const own = slot;
    own.waiting.add(subscriber);
    return () => {
      own.waiting.delete(subscriber);
      if (own.waiting.size > 0) return;
      own.action?.unsubscribe();
      if (slots.get(key) === own) slots.delete(key);
    };
  });
}

function arm(
  slots: Map<string, Slot>,
  key: string,
  slot: Slot,
  at: number,
  deadlineMs: number,
  scheduler: SchedulerLike,
): void {
  const wait = Math.max(0, at - scheduler.now());
  slot.action = scheduler.schedule(
    () => {
      if (wait > MAX_TIMER_MS) return arm(slots, key, slot, at, deadlineMs, scheduler);
      if (slots.get(key) === slot) slots.delete(key);
      for (const subscriber of [...slot.waiting]) {
        subscriber.error(new TimeoutError(deadlineMs, { code: 'watch_deadline_exceeded' }));
      }
      slot.waiting.clear();
    },
    Math.min(wait, MAX_TIMER_MS),
  );
}
