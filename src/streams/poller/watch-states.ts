import {
  distinctUntilChanged,
  EMPTY,
  mergeMap,
  type MonoTypeOperatorFunction,
  type Observable,
  of,
  type OperatorFunction,
  pipe,
  type SchedulerLike,
  takeUntil,
  takeWhile,
  throwError,
} from 'rxjs';
import { VideoGenerationFailedError } from '../../errors/job-errors.js';
import { TimeoutError } from '../../errors/request-errors.js';
import type { Video } from '../videos/types.js';
import type { ResolvedSchedule } from '../videos/watch-schedule.js';
import { boundedTimer } from './bounded-timer.js';
import { watchPhase } from './phase.js';
import { keepWatchingAfter } from './poll-tick.js';
import type { IdSnapshot } from './watched-id.js';

/**
 * One watcher's view of an id's snapshots, with `watchVideo`'s contract: the latest state, then each change of
 * `status` or `progress`; complete right after `completed`; `VideoGenerationFailedError` on `failed`; a poll that
 * failed with a non-retryable error ends the watch with it, a retryable one is skipped until
 * `maxConsecutiveFailures` polls in a row failed (then the watch errors with the last failure).
 *
 * ```text
 * snapshots: -a--a--x--b--c---     (x: a retryable failure; c: completed)
 * states:    -a--------b--(c|)
 * ```
 *
 * @example
 * ```ts
 * poller.watch(id, encoded, schedule).pipe(watchStates(schedule)).subscribe(console.log);
 * ```
 */
export function watchStates(schedule: ResolvedSchedule): OperatorFunction<IdSnapshot, Video> {
  return pipe(
    mergeMap((snapshot: IdSnapshot): Observable<Video> => {
      if (snapshot.failure !== undefined) {
        if (!keepWatchingAfter(snapshot.failure) || snapshot.failures >= schedule.maxConsecutiveFailures) {
          return throwError(() => snapshot.failure);
        }
      }
      return snapshot.video === undefined ? EMPTY : of(snapshot.video);
    }),
    distinctUntilChanged((a, b) => a.status === b.status && a.progress === b.progress),
    mergeMap((video) =>
      watchPhase(video) === 'failed' ? throwError(() => new VideoGenerationFailedError(video)) : of(video),
    ),
    takeWhile((video) => watchPhase(video) !== 'completed', true),
  );
}

/**
 * Ends a watch with `TimeoutError` (code `watch_deadline_exceeded`) once `deadlineMs` of scheduler time has passed
 * since subscription (any length: see `boundedTimer`); `Infinity` never.
 *
 * ```text
 * source:            -a----b-----
 * withDeadline(8):   -a----b-#
 * ```
 *
 * @example
 * ```ts
 * states$.pipe(withDeadline(600_000, scheduler));
 * ```
 */
export function withDeadline<T>(deadlineMs: number, scheduler: SchedulerLike): MonoTypeOperatorFunction<T> {
  if (deadlineMs === Number.POSITIVE_INFINITY) return (source) => source;
  return takeUntil(
    boundedTimer(deadlineMs, scheduler).pipe(
      mergeMap(() => throwError(() => new TimeoutError(deadlineMs, { code: 'watch_deadline_exceeded' }))),
    ),
  );
}
