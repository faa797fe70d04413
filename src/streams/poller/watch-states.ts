import {
  filter,
  map,
  type MonoTypeOperatorFunction,
  type OperatorFunction,
  pipe,
  type SchedulerLike,
  takeUntil,
  takeWhile,
} from 'rxjs';
import { VideoGenerationFailedError } from '../../errors/job-errors.js';
import type { Video } from '../videos/types.js';
import { deadline$ } from './deadline.js';
import { watchPhase } from './phase.js';
import { keepWatchingAfter } from './poll-tick.js';
import type { IdSnapshot } from './watched-id.js';

/**
 * An id's snapshots (its changes of `status` or `progress`, and failed polls) as `watchVideo` states, shared by
 * every watcher of the id: each state; complete right after `completed`; `VideoGenerationFailedError` on `failed`; a poll
 * that failed with a non-retryable error ends it with that error, a retryable one is skipped until `limit()` polls
 * in a row failed (then it errors with the last failure).
 *
 * ```text
 * snapshots: -a--a--x--b--c---     (x: a retryable failure; c: completed)
 * states:    -a--------b--(c|)
 * ```
 *
 * @example
 * ```ts
 * entry.snapshots.pipe(watchStates(() => 10)).subscribe(console.log);
 * ```
 */
export function watchStates(limit: () => number): OperatorFunction<IdSnapshot, Video> {
  // `map` that throws is an error notification (lighter per id than `mergeMap` to `throwError`).
  return pipe(
    map((snapshot: IdSnapshot) => {
      const failure = snapshot.failure;
      if (failure !== undefined && (!keepWatchingAfter(failure) || snapshot.failures >= limit())) throw failure;
      const video = snapshot.video;
      if (video !== undefined && watchPhase(video) === 'failed') throw new VideoGenerationFailedError(video);
      return video;
    }),
    filter((video): video is Video => video !== undefined),
    takeWhile(isRunning, true),
  );
}

function isRunning(video: Video): boolean {
  return watchPhase(video) !== 'completed';
}

/**
 * Ends a watch with `TimeoutError` (code `watch_deadline_exceeded`) once `deadlineMs` of scheduler time has passed
 * since subscription (see {@link deadline$}: any length, `Infinity` never, up to 10 ms late).
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
  return takeUntil(deadline$(deadlineMs, scheduler));
}
