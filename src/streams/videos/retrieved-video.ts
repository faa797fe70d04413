import { InternalServerError } from '../../errors/api-errors.js';
import type { HttpResponse } from '../../transport/types.js';
import { bodyAs, parseVideo } from './response-shape.js';
import type { Video } from './types.js';

/**
 * The body of a `GET /videos/{id}` response: a valid `Video` whose `id` is the one asked for. A video of another
 * id (a mixed-up cache, a hostile gateway) errors with `InternalServerError` code `invalid_response`, never
 * surfaces as if it were the requested one.
 *
 * @example
 * ```ts
 * scope.send({ method: 'GET', path: '/videos/video_1' }).pipe(map((res) => retrievedVideo(res, 'video_1')));
 * ```
 */
export function retrievedVideo(res: HttpResponse<unknown>, expectedId: string): Video {
  const video = bodyAs(res, parseVideo, 'Video');
  if (video.id === expectedId) return video;
  throw new InternalServerError(
    `${res.status} response is video ${JSON.stringify(video.id.slice(0, 80))}, not the requested ${JSON.stringify(expectedId.slice(0, 80))}`,
    {
      status: res.status,
      statusCode: 502,
      code: 'invalid_response',
      requestId: res.headers['x-request-id'],
      retryable: false,
    },
  );
}
