import { Observable, mergeMap, takeUntil, throwError, timer } from 'rxjs';
import type { SchedulerAction, Subscriber, Subscription } from 'rxjs';
import type { RequestOptions } from '../../config/options.js';
import { VideoGenerationFailedError } from '../../errors/job-errors.js';
import { CancelledError, TimeoutError } from '../../errors/request-errors.js';
import { isSoraError } from '../../errors/sora-error.js';
import { PollHistory } from '../operators/poll-schedule.js';
import type { HttpResponse } from '../../transport/types.js';
import type { OperationScope, SoraRuntime } from '../runtime-types.js';
import { resolveSchedule, type ResolvedSchedule } from './watch-schedule.js';
import type { Video, WatchVideoOptions } from './types.js';
import { encodeId } from './validate.js';
import { validated } from './validated.js';
import { bodyAs, isVideo } from './response-shape.js';

/** Response header with the server's suggested wait before the next poll. */
export const POLL_AFTER_HEADER = 'openai-poll-after-ms';

/**
 * Polls `GET /videos/{id}` until the job ends. Emits the first state at once, then only changes of `status` or
 * `progress`; completes after emitting `completed`; errors with `VideoGenerationFailedError` on `failed` and with
 * `TimeoutError` (code `watch_deadline_exceeded`) once `deadlineMs` has passed since subscription.
 *
 * Schedule: each poll starts only after the previous one finished (one action on the runtime's scheduler, never
 * overlapping); the wait is `nextPollDelayMs` over the observations so far (held in a bounded `PollHistory`), and
 * an `openai-poll-after-ms` response header wins. Unsubscribing stops at once (the in-flight request is aborted).
 *
 * Errors during a poll: the pipeline already retries transient failures. A poll that still fails with a
 * retryable error (5xx, 429, timeout, connection) is logged and skipped, and watching goes on (bounded by
 * `deadlineMs`); a non-retryable one (404, 401, cancellation, …) ends the watch with that error.
 *
 * @example
 * ```ts
 * watchVideo(runtime, 'video_123', { intervalMs: 2000, deadlineMs: 600_000 })
 *   .subscribe((v) => console.log(v.status, v.progress));
 * ```
 */
export function watchVideo(runtime: SoraRuntime, id: string, options?: WatchVideoOptions): Observable<Video> {
  return validated(
    () => ({ encoded: encodeId(id, 'id'), schedule: resolveSchedule(options) }),
    ({ encoded, schedule }) =>
      runtime.operation(
        'watchVideo',
        options as RequestOptions | undefined,
        (scope) => watchInScope(scope, encoded, schedule),
        {
          'sora.video.id': id,
        },
      ),
  );
}

/**
 * The polling loop of {@link watchVideo} inside an operation (used by `generateVideo` too). `encodedId` is
 * already validated and percent-encoded.
 *
 * @example
 * ```ts
 * runtime.operation('watchVideo', undefined, (scope) => watchInScope(scope, 'video_1', resolveSchedule({})));
 * ```
 */
export function watchInScope(scope: OperationScope, encodedId: string, schedule: ResolvedSchedule): Observable<Video> {
  const watched$ = new Observable<Video>((subscriber) => {
    const loop = new PollLoop(scope, `/videos/${encodedId}`, schedule, subscriber);
    loop.poll();
    return loop;
  });
  const deadline = schedule.deadlineMs;
  if (!Number.isFinite(deadline)) return watched$;
  const deadline$ = timer(deadline, scope.scheduler).pipe(
    mergeMap(() => throwError(() => new TimeoutError(deadline, { code: 'watch_deadline_exceeded' }))),
  );
  return watched$.pipe(takeUntil(deadline$));
}

/**
 * The loop, by hand rather than as an operator chain (`expand` + `timer` + `filter` + `distinctUntilChanged` +
 * `mergeMap` + `takeWhile`, same semantics), so that an idle watch holds one object, a scheduled action and a
 * bounded history (no closures). One poll (`scope.send`) is subscribed at a time; a result is first emitted,
 * then the next poll is scheduled.
 */
class PollLoop {
  private readonly history = new PollHistory();
  /** The in-flight poll or the scheduled next one. */
  private pending: Subscription | undefined;
  // Only what `distinctUntilChanged` compares is kept of the last emitted state, not the whole video.
  private emitted = false;
  private lastStatus: string | undefined;
  private lastProgress: number | undefined;

  constructor(
    private readonly scope: OperationScope,
    private readonly path: string,
    private readonly schedule: ResolvedSchedule,
    private readonly subscriber: Subscriber<Video>,
  ) {}

  poll(): void {
    const observer = new PollObserver(this);
    const sub = this.scope
      .send<unknown>({ method: 'GET', path: this.path, pathTemplate: '/videos/{video_id}' })
      .subscribe(observer);
    if (!observer.answered) this.pending = sub;
  }

  /** Teardown: cancels the in-flight poll or the scheduled one. */
  unsubscribe(): void {
    this.pending?.unsubscribe();
  }

  answer(res: HttpResponse<unknown>): void {
    let video: Video;
    try {
      video = bodyAs(res, isVideo, 'Video');
      this.history.push({
        atMs: this.scope.scheduler.now(),
        status: video.status,
        progress: video.progress,
        serverHintMs: pollAfterMs(res.headers),
      });
    } catch (err) {
      return this.failed(err); // as the error of a throwing `map` would
    }
    this.settle(video);
  }

  failed(err: unknown): void {
    this.pending = undefined;
    if (!keepWatchingAfter(err)) return this.subscriber.error(err);
    this.scope.logger.warn({ err: (err as Error).message }, 'watchVideo: poll failed after retries, polling on');
    this.settle(null);
  }

  /** The poll ended without an answer (never for `send`): the watch completes, as `expand` would. */
  ended(): void {
    this.subscriber.complete();
  }

  private settle(video: Video | null): void {
    this.pending = undefined;
    const subscriber = this.subscriber;
    if (video !== null && (!this.emitted || this.lastStatus !== video.status || this.lastProgress !== video.progress)) {
      this.emitted = true;
      this.lastStatus = video.status;
      this.lastProgress = video.progress;
      if (video.status === 'failed') return subscriber.error(new VideoGenerationFailedError(video));
      subscriber.next(video);
      if (video.status === 'completed') return subscriber.complete();
    }
    if (video !== null && isTerminal(video)) return subscriber.complete();
    if (subscriber.closed) return;
    this.pending = this.scope.scheduler.schedule(pollAgain, Math.max(0, this.history.nextDelayMs(this.schedule)), this);
  }
}

function pollAgain(this: SchedulerAction<PollLoop>, loop?: PollLoop): void {
  loop?.poll();
}

/** The observer of one poll. */
class PollObserver {
  answered = false;

  constructor(private readonly loop: PollLoop) {}

  next(res: HttpResponse<unknown>): void {
    this.answered = true;
    this.loop.answer(res);
  }

  error(err: unknown): void {
    this.answered = true;
    this.loop.failed(err);
  }

  complete(): void {
    if (!this.answered) this.loop.ended();
  }
}

function isTerminal(video: Video): boolean {
  return video.status === 'completed' || video.status === 'failed';
}

function keepWatchingAfter(err: unknown): boolean {
  return isSoraError(err) && err.retryable && !(err instanceof CancelledError);
}

function pollAfterMs(headers: Readonly<Record<string, string>>): number | undefined {
  const raw = headers[POLL_AFTER_HEADER];
  if (raw === undefined) return undefined;
  const ms = Number.parseInt(raw, 10);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
