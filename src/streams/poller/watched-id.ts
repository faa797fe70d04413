import type { Link, SpanContext } from '@opentelemetry/api';
import { Subject } from 'rxjs';
import { PollHistory } from '../operators/poll-schedule.js';
import type { Video } from '../videos/types.js';
import type { ResolvedSchedule } from '../videos/watch-schedule.js';
import { clampDelayMs } from './bounded-timer.js';
import { STATUS_ALIASES, type StatusAliases, terminalError } from '../videos/video-phase.js';
import { keepWatchingAfter } from './keep-watching.js';
import { watchPhase } from './phase.js';

/**
 * How hard a poller polls right now: no poll of an id sooner than `floorMs` after the last (the webhook safety
 * interval while events flow, else 0), and the `etaFraction` of the schedule's time-to-completion estimate.
 */
export interface Pace {
  readonly floorMs: number;
  readonly etaFraction: number;
}

/**
 * The poller's state of one watched id: its adaptive schedule (a bounded {@link PollHistory} and the distinct
 * schedules its watchers asked for, one per watcher: the shortest delay among them wins), when it is due next, whether a poll of it is in
 * flight, and the `states` its watchers share. `gone` fires when the last watcher left (its in-flight
 * retrieve stops then).
 *
 * @example
 * ```ts
 * const entry = new WatchedId('video_1', 'video_1', 0);
 * entry.addSchedule(resolveSchedule({}), { floorMs: 0, etaFraction: 1 });
 * entry.observe(video, 0, undefined, { floorMs: 0, etaFraction: 1 }); // entry.dueAtMs === 2000
 * ```
 */
export class WatchedId {
  /** The id's `watchVideo` states, shared by its watchers: each change, then the end of the job (or a failure). */
  readonly states = new Subject<Video>();
  readonly gone = new Subject<void>();
  /** Next poll due at (scheduler time). A new id is due at once. */
  dueAtMs: number;
  /** The delay that produced `dueAtMs` (how early a batch may take it). */
  delayMs = 0;
  inFlight = false;
  /** A webhook event arrived while a poll was in flight: poll again right after it, unless it ended the job. */
  recheck = false;
  /** `created_at` (unix s) once seen: list sweeps stop at pages older than the oldest due id. */
  createdAt: number | undefined;
  private readonly history = new PollHistory();
  private readonly schedules: ResolvedSchedule[] = [];
  /** The span of each watcher that brought one (made on the first), for the links of the ticks that poll this id. */
  private watcherSpans: Map<ResolvedSchedule, SpanContext> | undefined;
  /** The last state sent to the watchers. */
  private emitted: Video | undefined;
  private lastAtMs = 0;
  private failures = 0;
  /** Whether any poll of this id has ended (before that, it stays due at once). */
  private polled = false;

  /**
   * How far ahead of its due time this id may join a tick that reads list pages anyway: half its current delay,
   * at most the shortest `minIntervalMs` of its watchers (so the window scales with the schedule).
   */
  get batchWindowMs(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const schedule of this.schedules) min = Math.min(min, schedule.minIntervalMs);
    return Math.min(this.delayMs / 2, min);
  }

  /** The smallest `maxConsecutiveFailures` of its watchers (they share the id's polls, so its failure count). */
  get maxConsecutiveFailures(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const schedule of this.schedules) min = Math.min(min, schedule.maxConsecutiveFailures);
    return min;
  }

  /** Not polled yet. */
  get isNew(): boolean {
    return !this.polled;
  }

  constructor(
    readonly id: string,
    readonly encodedId: string,
    nowMs: number,
    private readonly aliases: StatusAliases = STATUS_ALIASES,
  ) {
    this.dueAtMs = nowMs;
  }

  /**
   * A watcher joined with `schedule` (kept while that watcher stays; see {@link WatchedId.removeSchedule}); `span` is
   * its operation span (the poll ticks of this id link to it).
   */
  addSchedule(schedule: ResolvedSchedule, pace: Pace, span?: SpanContext): void {
    this.schedules.push(schedule);
    if (span !== undefined) (this.watcherSpans ??= new Map()).set(schedule, span);
    this.reschedule(pace);
  }

  /** A watcher with `schedule` left: the id's delay is the shortest of the remaining watchers' from now on. */
  removeSchedule(schedule: ResolvedSchedule, pace: Pace): void {
    const index = this.schedules.indexOf(schedule);
    if (index >= 0) this.schedules.splice(index, 1);
    this.watcherSpans?.delete(schedule);
    this.reschedule(pace);
  }

  /** Adds links to the spans of this id's watchers to `links`, up to `limit` in all. */
  collectLinks(links: Link[], limit: number): void {
    if (this.watcherSpans === undefined) return;
    for (const context of this.watcherSpans.values()) {
      if (links.length >= limit) return;
      links.push({ context, attributes: { 'sora.video.id': this.id } });
    }
  }

  /** A fresh state (from a retrieve or a list page). `hintMs` is the server's `openai-poll-after-ms`. */
  observe(video: Video, atMs: number, hintMs: number | undefined, pace: Pace): void {
    if (typeof video.created_at === 'number') this.createdAt = video.created_at;
    // unknown progress schedules like a stall (no made-up value is emitted)
    this.history.push({ atMs, status: video.status, progress: video.progress ?? 0, serverHintMs: hintMs });
    this.lastAtMs = atMs;
    this.failures = 0;
    this.settle(pace);
    if (this.recheck && watchPhase(video, this.aliases) === 'running') this.dueAtMs = atMs;
    this.recheck = false;
    // Only changes of status or progress reach the watchers (what `distinctUntilChanged` would keep); the id's
    // stream ends with the job: complete after a completed status, `VideoGenerationFailedError` on a failed one,
    // `VideoCancelledError` / `VideoExpiredError` on cancelled / expired (see `watchPhase`).
    const emitted = this.emitted;
    if (emitted !== undefined && emitted.status === video.status && emitted.progress === video.progress) return;
    this.emitted = video;
    const phase = watchPhase(video, this.aliases);
    if (phase !== 'running' && phase !== 'completed') return this.states.error(terminalError(video, phase)!);
    this.states.next(video);
    if (phase === 'completed') this.states.complete();
  }

  /**
   * A state the caller already holds (the create response of `generateVideo`): taken as if it had just been polled
   * at `atMs` (emitted, and the next poll due by the adaptive schedule), unless the id was polled already or a poll
   * of it is in flight (then the poller's own state wins).
   */
  seed(video: Video, atMs: number, pace: Pace): void {
    if (this.polled || this.inFlight) return;
    this.observe(video, atMs, undefined, pace);
  }

  /**
   * A poll of this id failed (after the request's own retries). A non-retryable failure ends the id's stream with
   * it, and so does the `maxConsecutiveFailures`-th retryable one in a row; other retryable ones are skipped.
   */
  fail(failure: unknown, atMs: number, pace: Pace): void {
    this.failures++;
    this.lastAtMs = atMs;
    this.settle(pace);
    if (!keepWatchingAfter(failure) || this.failures >= this.maxConsecutiveFailures) this.states.error(failure);
  }

  /** Recomputes when the next poll is due from the last poll (after a change of watchers or of the floor). */
  reschedule(pace: Pace): void {
    if (this.inFlight || !this.polled) return; // a new id stays due at once
    this.delayMs = this.nextDelayMs(pace);
    this.dueAtMs = this.lastAtMs + this.delayMs;
  }

  /** A webhook event named this id: poll it now (or right after the poll in flight). */
  poke(nowMs: number): void {
    if (this.inFlight) this.recheck = true;
    else this.dueAtMs = Math.min(this.dueAtMs, nowMs);
  }

  private settle(pace: Pace): void {
    this.inFlight = false;
    this.polled = true;
    this.delayMs = this.nextDelayMs(pace);
    this.dueAtMs = this.lastAtMs + this.delayMs;
  }

  private nextDelayMs(pace: Pace): number {
    let delay = Number.POSITIVE_INFINITY;
    const fraction = pace.etaFraction;
    for (const schedule of this.schedules) {
      const options = fraction === 1 ? schedule : { ...schedule, etaFraction: fraction };
      delay = Math.min(delay, this.history.nextDelayMs(options));
    }
    if (delay === Number.POSITIVE_INFINITY) delay = 0;
    return clampDelayMs(Math.max(delay, pace.floorMs));
  }
}
