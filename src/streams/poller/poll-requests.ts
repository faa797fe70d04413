import { map, type Observable } from 'rxjs';
import type { OperationScope } from '../runtime-types.js';
import { fetchPage } from '../videos/list-videos.js';
import { retrievedVideo } from '../videos/retrieved-video.js';
import type { Video, VideoList } from '../videos/types.js';

/** Response header with the server's suggested wait before the next poll. */
export const POLL_AFTER_HEADER = 'openai-poll-after-ms';

/** Page size of the poller's list reads (the API's maximum). */
export const LIST_PAGE_LIMIT = 100;

/** One retrieved state and the server's poll hint that came with it. */
export interface Retrieved {
  video: Video;
  hintMs: number | undefined;
}

/**
 * `GET /videos/{id}` for the poller: the body checked as a `Video` of the id asked for (another id is an
 * `invalid_response`), with the `openai-poll-after-ms` hint.
 *
 * @example
 * ```ts
 * retrieveForPoll(scope, 'video_1', 'video_1').subscribe(({ video, hintMs }) => console.log(video.status, hintMs));
 * ```
 */
export function retrieveForPoll(scope: OperationScope, id: string, encodedId: string): Observable<Retrieved> {
  return scope
    .send<unknown>({ method: 'GET', path: `/videos/${encodedId}`, pathTemplate: '/videos/{video_id}' })
    .pipe(map((res) => ({ video: retrievedVideo(res, id), hintMs: pollAfterMs(res.headers) })));
}

/**
 * `GET /videos?order=desc&limit=100[&after=…]`, the body checked as a list of videos with statuses.
 *
 * @example
 * ```ts
 * listPageForPoll(scope, undefined).subscribe((page) => console.log(page.data.length, page.has_more));
 * ```
 */
export function listPageForPoll(scope: OperationScope, after: string | undefined): Observable<VideoList> {
  return fetchPage(scope, { order: 'desc', limit: LIST_PAGE_LIMIT, after });
}

/** The `openai-poll-after-ms` header as a non-negative integer, if present and valid. */
export function pollAfterMs(headers: Readonly<Record<string, string>>): number | undefined {
  const raw = headers[POLL_AFTER_HEADER];
  if (raw === undefined) return undefined;
  const ms = Number.parseInt(raw, 10);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
