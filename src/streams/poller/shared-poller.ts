import {
  auditTime,
  catchError,
  defer,
  EMPTY,
  exhaustMap,
  filter,
  finalize,
  from,
  ignoreElements,
  map,
  merge,
  mergeMap,
  type Observable,
  of,
  shareReplay,
  startWith,
  Subject,
  type Subscription,
  switchMap,
  tap,
} from 'rxjs';
import type { SpanContext } from '@opentelemetry/api';
import type { RequestOptions } from '../../config/options.js';
import type { SoraRuntime } from '../runtime-types.js';
import type { Video } from '../videos/types.js';
import type { ResolvedSchedule } from '../videos/watch-schedule.js';
import { boundedTimer } from './bounded-timer.js';
import { PrepaidAttempt } from '../prepaid-attempt.js';
import { nextDueMs, pickTick, planTick, type TickPlan } from './plan-tick.js';
import { pollTick } from './poll-tick.js';
import { type PollerMetrics, pollerMetrics } from './poller-metrics.js';
import type { PollerState } from './poller-state.js';
import { type Pace, WatchedId } from './watched-id.js';
import { webhookVideoId } from './webhook-event.js';

/** The share of an id's time-to-completion estimate the shared poller waits where its polls ride on list reads. */
export const LISTED_ETA_FRACTION = 0.5;

const PER_ID_PACE: Pace = Object.freeze({ floorMs: 0, etaFraction: 1 });

/** Settings of one poller. */
export interface PollerSettings {
  /** Due ids from which a tick reads list pages (`Infinity`: never). */
  readonly batchThreshold: number;
  /** Slowest safety poll while webhook events flow. */
  readonly webhookSafetyIntervalMs: number;
}

/** Whether the service lists (shared by every poller of a client, said once). */
export interface ListSupport {
  supported: boolean;
}

/** A planned tick and the permit paid for its first request. */
interface PaidTick {
  readonly plan: TickPlan;
  readonly prepaid: PrepaidAttempt;
}

interface WatchedStream {
  readonly entry: WatchedId;
  readonly states$: Observable<Video>;
}

/**
 * One scheduler-driven polling loop for many watches. Every watched id has a {@link WatchedId} (its adaptive
 * schedule) and one shared stream of states (its `states` Subject, `shareReplay({ bufferSize: 1, refCount: true
 * })`), so watches of one id share its polls and a late watcher gets the latest state at once. The
 * loop (subscribed while any id is watched) wakes at the earliest due time, waits for the budget of one request
 * (`rateLimit`; at once without it), and runs a {@link pollTick} for the ids due by then; the
 * `webhookEvents` stream (if any) runs beside it, poking the ids it names. When the last watcher of an id leaves,
 * the id is dropped (its retrieve in flight is aborted); with no id left, the loop and the event subscription end.
 *
 * ```text
 * wake$:     a----b--c-----      (an id joined, a poll answered, an event came)
 * timer:     -t1---t2---t3--     (re-armed at each wake for the earliest due id)
 * ticks:     -[ids due at t1]-[ids due at t2]-…
 * ```
 *
 * @example
 * ```ts
 * const poller = new SharedPoller(runtime, undefined, { batchThreshold: 3, webhookSafetyIntervalMs: 60_000 }, { supported: true });
 * poller.watch('video_1', 'video_1', resolveSchedule({})).subscribe((s) => console.log(s.video?.status));
 * ```
 */
export class SharedPoller implements PollerState {
  readonly entries = new Map<string, WatchedId>();
  readonly metrics: PollerMetrics;
  private readonly streams = new Map<string, WatchedStream>();
  private readonly wake$ = new Subject<void>();
  private readonly loop$: Observable<never>;
  /** `webhookEvents` is open and has delivered at least one event (a silent stream keeps the normal schedule). */
  private webhooksFlowing = false;
  private held = 0;
  /** A permit paid for a tick that then sent nothing (its ids left): the next tick spends it. */
  private spare: PrepaidAttempt | undefined;
  private loopSubscription: Subscription | undefined;

  constructor(
    readonly runtime: SoraRuntime,
    readonly requestOptions: RequestOptions | undefined,
    private readonly settings: PollerSettings,
    private readonly listing: ListSupport,
    onIdle: () => void = () => undefined,
  ) {
    this.metrics = pollerMetrics(runtime.meter);
    const scheduler = runtime.scheduler;
    const ticks$ = this.wake$.pipe(
      startWith(undefined),
      auditTime(0, scheduler),
      switchMap(() => {
        const due = nextDueMs(this.entries.values(), scheduler.now(), this.settings.batchThreshold, this.canList());
        return boundedTimer(due - scheduler.now(), scheduler);
      }),
      // (without a governor the permit comes at once: nothing to check before planning)
      filter(() => this.runtime.prepay === undefined || this.somethingDue()),
      // One wait for the budget at a time, and it survives wakes (a new wait would go to the back of the queue).
      exhaustMap(() => this.permit$()),
      map((prepaid) => this.plan(prepaid)),
      filter((tick): tick is PaidTick => tick !== undefined),
      mergeMap(({ plan, prepaid }) =>
        pollTick(this, plan, prepaid).pipe(
          finalize(() => {
            this.keepSpare(prepaid); // nothing was sent
            this.wake();
          }),
        ),
      ),
    );
    this.loop$ = merge(ticks$, this.webhooks$()).pipe(finalize(onIdle));
  }

  /**
   * The states of `id` for one watcher with `schedule` (the id's delay is the shortest any of its watchers asked
   * for while it is watched). The first subscriber of an id makes it due at once, unless it brings an `initial`
   * state (see {@link WatchedId.seed}): that state is emitted without a request and the id's next poll is due by
   * its schedule, as if that state had just been polled. `watcherSpan` (the watch's operation span) is linked from
   * every tick span that polls the id while this watcher stays.
   */
  watch(
    id: string,
    encodedId: string,
    schedule: ResolvedSchedule,
    initial?: Video,
    watcherSpan?: SpanContext,
  ): Observable<Video> {
    return defer(() => {
      const watched = this.streams.get(id) ?? this.open(id, encodedId);
      const entry = watched.entry;
      entry.addSchedule(schedule, this.pace(), watcherSpan);
      this.wake();
      const seeded$ =
        initial === undefined
          ? watched.states$
          : // subscribed first, so the seeded state reaches this watcher through the id's shared stream
            merge(
              watched.states$,
              defer(() => {
                entry.seed(initial, this.runtime.scheduler.now(), this.pace());
                return EMPTY;
              }),
            );
      return seeded$.pipe(
        finalize(() => {
          entry.removeSchedule(schedule, this.pace());
          this.wake();
        }),
      );
    });
  }

  /**
   * The webhook safety interval is the floor while events flow; where polls ride on list reads (the poller can list
   * and watches enough ids), ids are polled at half their estimated time to completion: a denser schedule costs
   * almost no requests there and notices the end sooner when progress is not linear.
   */
  pace(): Pace {
    const floorMs = this.webhooksFlowing ? this.settings.webhookSafetyIntervalMs : 0;
    const etaFraction = this.canList() && this.entries.size >= this.settings.batchThreshold ? LISTED_ETA_FRACTION : 1;
    return floorMs === 0 && etaFraction === 1 ? PER_ID_PACE : { floorMs, etaFraction };
  }

  canList(): boolean {
    return this.listing.supported && Number.isFinite(this.settings.batchThreshold);
  }

  listUnsupported(reason: string): void {
    if (!this.listing.supported) return;
    this.listing.supported = false;
    this.runtime.logger.info(
      { reason },
      'shared poller: the service cannot list videos; polling each id with GET /videos/{id}',
    );
  }

  private open(id: string, encodedId: string): WatchedStream {
    const entry = new WatchedId(id, encodedId, this.runtime.scheduler.now(), this.runtime.config.statusAliases);
    const states$ = defer(() => {
      this.holdLoop();
      return entry.states;
    }).pipe(
      finalize(() => {
        if (this.streams.get(id)?.entry === entry) this.streams.delete(id);
        if (this.entries.get(id) === entry) this.entries.delete(id);
        entry.gone.next();
        this.releaseLoop();
        this.wake();
      }),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    const watched = { entry, states$ };
    this.streams.set(id, watched);
    this.entries.set(id, entry);
    return watched;
  }

  /** The loop runs while any id is watched (a count of watched ids holds its one subscription). */
  private holdLoop(): void {
    if (this.held++ === 0) this.loopSubscription = this.loop$.subscribe();
  }

  private releaseLoop(): void {
    if (--this.held > 0) return;
    const subscription = this.loopSubscription;
    this.loopSubscription = undefined;
    subscription?.unsubscribe();
  }

  /** Whether a tick now would poll anything; if not, the timer is re-armed (it may fire a little early). */
  private somethingDue(): boolean {
    const now = this.runtime.scheduler.now();
    if (pickTick(this.entries.values(), now, this.settings.batchThreshold, this.canList())) return true;
    this.wake();
    return false;
  }

  /**
   * The budget of the tick's first request (the `rateLimit` governor's `low` permit), waited for before the tick is
   * planned: under a tight budget the ids that come due meanwhile join the same tick (one list read) instead of
   * queueing one retrieve each. A permit left unspent by an earlier tick is used first. At once without a governor.
   */
  private permit$(): Observable<PrepaidAttempt> {
    const spare = this.spare;
    this.spare = undefined;
    if (spare?.unclaimed) return of(spare);
    const paid$ = this.runtime.prepay?.('low');
    if (paid$ === undefined) return of(PrepaidAttempt.none);
    // A failed wait (the client closed, a custom store that rejects) must not end the loop: the tick is planned
    // without a permit, and its requests meet that failure each (and fail their ids) the usual way.
    return paid$.pipe(catchError(() => of(PrepaidAttempt.none)));
  }

  /** Keeps a permit nobody spent for the next tick. */
  private keepSpare(prepaid: PrepaidAttempt): void {
    if (prepaid.unclaimed) this.spare = prepaid;
  }

  private plan(prepaid: PrepaidAttempt): PaidTick | undefined {
    const plan = planTick(
      this.entries.values(),
      this.runtime.scheduler.now(),
      this.settings.batchThreshold,
      this.canList(),
    );
    this.wake(); // re-arm for the ids not taken (or not due yet: a timer may fire a little early)
    if (plan !== undefined) return { plan, prepaid };
    this.keepSpare(prepaid); // every due id left while the tick waited
    return undefined;
  }

  private wake(): void {
    this.wake$.next();
  }

  /**
   * The `webhookEvents` option: once an event has arrived and while the stream stays open, polls slow to the
   * safety interval; each event pokes its id.
   */
  private webhooks$(): Observable<never> {
    const events = this.runtime.webhookEvents;
    if (events === undefined) return EMPTY;
    return defer(() => from(events)).pipe(
      tap((event) => {
        this.setWebhooksFlowing(true);
        const id = webhookVideoId(event);
        const entry = id === undefined ? undefined : this.entries.get(id);
        if (entry === undefined) return;
        entry.poke(this.runtime.scheduler.now());
        this.wake();
      }),
      ignoreElements(),
      catchError((error: unknown) => {
        this.runtime.logger.warn(
          { err: (error as Error)?.message },
          'shared poller: webhookEvents failed; polling on schedule',
        );
        return EMPTY;
      }),
      finalize(() => this.setWebhooksFlowing(false)),
    );
  }

  private setWebhooksFlowing(flowing: boolean): void {
    if (this.webhooksFlowing === flowing) return;
    this.webhooksFlowing = flowing;
    const floor = this.pace();
    for (const entry of this.entries.values()) entry.reschedule(floor);
    this.wake();
  }
}
