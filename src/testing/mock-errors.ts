import { errorFromResponse } from '../errors/from-response.js';
import type { SoraError } from '../errors/sora-error.js';

/**
 * The typed error the real client gives for an API error response (built by the same `errorFromResponse`), e.g.
 * `NotFoundError` for 404 and `BadRequestError` for 400.
 *
 * @example
 * ```ts
 * apiErrorFor(404, "Video with id 'video_1' not found.", 'video_id'); // NotFoundError
 * ```
 */
export function apiErrorFor(status: number, message: string, param: string | null = null, code?: string): SoraError {
  const error = { message, type: 'invalid_request_error', param, code: code ?? null };
  return errorFromResponse({ status, headers: {}, data: { error } });
}

/**
 * The 404 the API gives for an unknown video.
 *
 * @example
 * ```ts
 * throw videoNotFound('video_1');
 * ```
 */
export function videoNotFound(id: string): SoraError {
  return apiErrorFor(404, `Video with id '${id}' not found.`, 'video_id');
}
