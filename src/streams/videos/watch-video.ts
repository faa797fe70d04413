import { EMPTY, catchError, defer, distinctUntilChanged, expand, filter, map, mergeMap, of, switchMap } from 'rxjs';
import { takeUntil, takeWhile, throwError, timer } from 'rxjs';
import type { Observable } from 'rxjs';
import type { RequestOptions } from '../../config/options.js';
import { VideoGenerationFailedError } from '../../errors/job-errors.js';
import { CancelledError, TimeoutError } from '../../errors/request-errors.js';
import { isSoraError } from '../../errors/sora-error.js';
import { PollHistory } from '../operators/poll-schedule.js';
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
 * Schedule: each poll starts only after the previous one finished (`expand` + `timer` on the runtime's
 * scheduler, never overlapping); the wait is `nextPollDelayMs` over all observations so far (held in a bounded
 * `PollHistory`), and an `openai-poll-after-ms` response header wins. Unsubscribing stops at once (the in-flight request is aborted).
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
  return defer(() => {
    const history = new PollHistory();
    const poll$: Observable<Video | null> = scope
      .send<Video>({ method: 'GET', path: `/videos/${encodedId}`, pathTemplate: '/videos/{video_id}' })
      .pipe(
        map((res) => {
          const video = bodyAs(res, isVideo, 'Video');
          history.push({
            atMs: scope.scheduler.now(),
            status: video.status,
            progress: video.progress,
            serverHintMs: pollAfterMs(res.headers),
          });
          return video;
        }),
        catchError((err: unknown) => {
          if (!keepWatchingAfter(err)) return throwError(() => err);
          scope.logger.warn({ err: (err as Error).message }, 'watchVideo: poll failed after retries, polling on');
          return of(null);
        }),
      );
    const watched$ = poll$.pipe(
      expand((video) =>
        video && isTerminal(video)
          ? EMPTY
          : timer(history.nextDelayMs(schedule), scope.scheduler).pipe(switchMap(() => poll$)),
      ),
      filter((video): video is Video => video !== null),
      distinctUntilChanged((a, b) => a.status === b.status && a.progress === b.progress),
      mergeMap((video) =>
        video.status === 'failed' ? throwError(() => new VideoGenerationFailedError(video)) : of(video),
      ),
      takeWhile((video) => video.status !== 'completed', true),
    );
    const deadline = schedule.deadlineMs;
    if (!Number.isFinite(deadline)) return watched$;
    const deadline$ = timer(deadline, scope.scheduler).pipe(
      mergeMap(() => throwError(() => new TimeoutError(deadline, { code: 'watch_deadline_exceeded' }))),
    );
    return watched$.pipe(takeUntil(deadline$));
  });
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
