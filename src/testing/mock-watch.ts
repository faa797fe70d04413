import { Observable, distinctUntilChanged, mergeMap, of, takeWhile, throwError } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { withDeadline } from '../streams/poller/watch-states.js';
import type { Video } from '../streams/videos/types.js';
import type { ResolvedSchedule } from '../streams/videos/watch-schedule.js';
import { STATUS_ALIASES, type StatusAliases, terminalError, videoPhase } from '../streams/videos/video-phase.js';
import { videoNotFound } from './mock-errors.js';
import type { MockVideoStore } from './mock-store.js';

/**
 * Watches a stored video like `watchVideo`: emits its current state, then every change of status or progress
 * (as `setStatus` makes it, synchronously); statuses are read through the same alias table as the client
 * (`videoPhase`): completes after a completed one, errors with `VideoGenerationFailedError` on failed,
 * `VideoCancelledError` / `VideoExpiredError` on cancelled / expired, with `NotFoundError` if it is unknown or
 * deleted, and with `TimeoutError`
 * (`watch_deadline_exceeded`) after `deadlineMs` of scheduler time.
 *
 * @example
 * ```ts
 * watchStoredVideo(store, 'video_mock_0001', resolveSchedule({}), asyncScheduler).subscribe(console.log);
 * ```
 */
export function watchStoredVideo(
  store: MockVideoStore,
  id: string,
  schedule: ResolvedSchedule,
  scheduler: SchedulerLike,
  aliases: StatusAliases = STATUS_ALIASES,
): Observable<Video> {
  const states$ = new Observable<Video>((subscriber) => {
    const sub = store.changes$.subscribe((change) => {
      if (change.id !== id) return;
      if (change.video) subscriber.next(change.video);
      else subscriber.error(videoNotFound(id));
    });
    try {
      subscriber.next(store.get(id));
    } catch (e) {
      subscriber.error(e);
    }
    return sub;
  });
  const watched$ = states$.pipe(
    distinctUntilChanged((a, b) => a.status === b.status && a.progress === b.progress),
    mergeMap((video) => {
      const failure = terminalError(video, videoPhase(video.status, aliases));
      return failure ? throwError(() => failure) : of(video);
    }),
    takeWhile((video) => videoPhase(video.status, aliases) !== 'completed', true),
  );
  return watched$.pipe(withDeadline(schedule.deadlineMs, scheduler));
}
