import { InternalServerError } from '../../errors/api-errors.js';
import type { HttpResponse } from '../../transport/types.js';

export { parseVideo, parseVideoCharacter, parseVideoDeleted, parseVideoList } from './parse-video.js';

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
