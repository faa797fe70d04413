import { InternalServerError } from '../../errors/api-errors.js';
import type { HttpResponse } from '../../transport/types.js';
import type { Video, VideoCharacter, VideoDeleted, VideoList } from './types.js';

/** A type guard for one response body shape. */
export type BodyGuard<T> = (data: unknown) => data is T;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A `Video` as far as sora-rx relies on it: string `id` and `status`, numeric `progress`. */
export const isVideo: BodyGuard<Video> = (d): d is Video =>
  isObject(d) && typeof d['id'] === 'string' && typeof d['status'] === 'string' && typeof d['progress'] === 'number';

/** A list page: a `data` array of videos and a boolean `has_more`. */
export const isVideoList: BodyGuard<VideoList> = (d): d is VideoList =>
  isObject(d) && Array.isArray(d['data']) && d['data'].every(isVideo) && typeof d['has_more'] === 'boolean';

/** A deletion result: string `id`, boolean `deleted`. */
export const isVideoDeleted: BodyGuard<VideoDeleted> = (d): d is VideoDeleted =>
  isObject(d) && typeof d['id'] === 'string' && typeof d['deleted'] === 'boolean';

/** A character: `id` and `name` strings or null. */
export const isVideoCharacter: BodyGuard<VideoCharacter> = (d): d is VideoCharacter =>
  isObject(d) &&
  (typeof d['id'] === 'string' || d['id'] === null) &&
  (typeof d['name'] === 'string' || d['name'] === null);

/**
 * The body of a 2xx response, checked against the shape the operation expects. A body of another shape (empty,
 * `null`, an HTML page from a proxy, a video without `status`) errors with `InternalServerError` code
 * `invalid_response` instead of surfacing later as a `TypeError`.
 *
 * @example
 * ```ts
 * scope.send({ method: 'GET', path: '/videos/video_1' }).pipe(map((res) => bodyAs(res, isVideo, 'Video')));
 * ```
 */
export function bodyAs<T>(res: HttpResponse<unknown>, guard: BodyGuard<T>, what: string): T {
  if (guard(res.data)) return res.data;
  throw new InternalServerError(`${res.status} response body is not a valid ${what}`, {
    status: res.status,
    statusCode: 502,
    code: 'invalid_response',
    requestId: res.headers['x-request-id'],
    retryable: false,
  });
}
