import { type Context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Observable } from 'rxjs';
import type { RequestOptions } from '../../config/options.js';
import { pollerFor } from '../poller/poller-registry.js';
import { withDeadline } from '../poller/watch-states.js';
import type { SoraRuntime } from '../runtime-types.js';
import { resolveSchedule, type ResolvedSchedule } from './watch-schedule.js';
import type { Video, WatchVideoOptions } from './types.js';
import { encodeId } from './validate.js';
import { validated } from './validated.js';

export { POLL_AFTER_HEADER } from '../poller/poll-requests.js';

/**
 * Watches a job until it ends. Emits the first state at once, then only changes of `status` or `progress`;
 * completes after emitting `completed`; errors with `VideoGenerationFailedError` on `failed` and with
 * `TimeoutError` (code `watch_deadline_exceeded`) once `deadlineMs` (default 1 h) has passed since subscription.
 *
 * Polling: every watch of a client joins the client's shared poller (one loop; watches of one id share its polls;
 * many due ids are read from `GET /videos` pages, see `SoraClientOptions.pollBatchThreshold`). Each id keeps its
 * adaptive schedule: `nextPollDelayMs` over its observations, an `openai-poll-after-ms` header clamped to
 * `[minIntervalMs, maxIntervalMs]`; polls of an id never overlap. Unsubscribing stops this watch; when the last
 * watch of an id leaves, its request in flight is aborted and the id is no longer polled.
 *
 * Errors during a poll: the pipeline already retries transient failures. A poll that still fails with a
 * retryable error (5xx, 429, timeout, connection) is logged and skipped, up to `maxConsecutiveFailures` (default
 * 10) in a row, after which the watch errors with the last failure; a non-retryable one (404, 401, cancellation,
 * …) ends the watch with that error.
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
        (scope) => pollVideo(runtime, id, encoded, schedule, options, { watcherContext: scope.parentContext }),
        { 'sora.video.id': id },
      ),
  );
}

/** Options of {@link pollVideo}. */
export interface PollVideoOptions {
  /**
   * A state of the job the caller already holds (e.g. the create response): emitted first without a request, and
   * the next poll is due by the adaptive schedule as if it had just been polled. Without it the first state is
   * fetched at once.
   */
  readonly initial?: Video;
  /** The watching operation's span context: the poll ticks that serve this watch link to its span. */
  readonly watcherContext?: Context;
}

/**
 * The states of one watched id, from the client's shared poller (used by `watchVideo` and `generateVideo`).
 * `encodedId` is `id` validated and percent-encoded; `options` picks the poller group (headers, timeouts);
 * `initial` (see {@link PollVideoOptions}) saves the first request when the caller already holds a state.
 *
 * @example
 * ```ts
 * pollVideo(runtime, 'video_1', 'video_1', resolveSchedule({})).subscribe((v) => console.log(v.status));
 * pollVideo(runtime, created.id, encodeId(created.id), resolveSchedule({}), undefined, { initial: created });
 * ```
 */
export function pollVideo(
  runtime: SoraRuntime,
  id: string,
  encodedId: string,
  schedule: ResolvedSchedule,
  options?: RequestOptions,
  { initial, watcherContext }: PollVideoOptions = {},
): Observable<Video> {
  const span = watcherContext === undefined ? undefined : trace.getSpanContext(watcherContext);
  const watcherSpan = span !== undefined && isSpanContextValid(span) ? span : undefined; // no tracing: no link
  return pollerFor(runtime, options)
    .watch(id, encodedId, schedule, initial, watcherSpan)
    .pipe(withDeadline(schedule.deadlineMs, runtime.scheduler));
}
