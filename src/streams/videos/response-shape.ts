import { InternalServerError } from '../../errors/api-errors.js';
import type { HttpResponse } from '../../transport/types.js';
import type { Video, VideoCharacter, VideoDeleted, VideoList } from './types.js';

import { parseVideo, parseVideoCharacter, parseVideoDeleted, parseVideoList } from './parse-video.js';

export { parseVideo, parseVideoCharacter, parseVideoDeleted, parseVideoList };

/** Reads one response body shape: the typed value, or `undefined` when the body is not of that shape. */
export type BodyParser<T> = (data: unknown) => T | undefined;

/**
 * The body of a 2xx response, read by the operation's parser (see `parseVideo`: liberal, typed). A body of
 * another shape (empty, `null`, an HTML page from a proxy, a video without `status`) errors with
 * `InternalServerError` code `invalid_response` instead of surfacing later as a `TypeError`.
 *
 * @example
 * ```ts
 * scope.send({ method: 'GET', path: '/videos/video_1' }).pipe(map((res) => bodyAs(res, parseVideo, 'Video')));
 * ```
 */
export function bodyAs<T>(res: HttpResponse<unknown>, parse: BodyParser<T>, what: string): T {
  const value = parse(res.data);
  if (value !== undefined) return value;
  throw new InternalServerError(`${res.status} response body is not a valid ${what}`, {
    status: res.status,
    statusCode: 502,
    code: 'invalid_response',
    requestId: res.headers['x-request-id'],
    retryable: false,
  });
}

/**
 * The earlier names of the parsers (they were type guards), kept so code written against them still reads the
 * same bodies: each is the parser of the same name without the `is`.
 *
 * @example
 * ```ts
 * bodyAs(res, isVideo, 'Video'); // same as bodyAs(res, parseVideo, 'Video')
 * ```
 */
export const isVideo: BodyParser<Video> = parseVideo;
/** Same as {@link parseVideoList}. @example bodyAs(res, isVideoList, 'VideoList'); */
export const isVideoList: BodyParser<VideoList> = parseVideoList;
/** Same as {@link parseVideoDeleted}. @example bodyAs(res, isVideoDeleted, 'VideoDeleted'); */
export const isVideoDeleted: BodyParser<VideoDeleted> = parseVideoDeleted;
/** Same as {@link parseVideoCharacter}. @example bodyAs(res, isVideoCharacter, 'VideoCharacter'); */
export const isVideoCharacter: BodyParser<VideoCharacter> = parseVideoCharacter;
