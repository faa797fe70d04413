import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import type { RequestOptions } from '../../config/options.js';
import type { SoraRuntime } from '../runtime-types.js';
import type { VideoDeleted } from './types.js';
import { encodeId } from './validate.js';
import { validated } from './validated.js';
import { bodyAs, parseVideoDeleted } from './response-shape.js';

function deleteAs(name: string, runtime: SoraRuntime, id: string, options?: RequestOptions): Observable<VideoDeleted> {
  return validated(
    () => encodeId(id, 'id'),
    (encoded) =>
      runtime.operation(
        name,
        options,
        (scope) =>
          scope
            .send<VideoDeleted>({ method: 'DELETE', path: `/videos/${encoded}`, pathTemplate: '/videos/{video_id}' })
            .pipe(map((res) => bodyAs(res, parseVideoDeleted, 'VideoDeleted'))),
        { 'sora.video.id': id },
      ),
  );
}

/**
 * `DELETE /videos/{id}`: permanently deletes a video and its assets; emits `{ id, object: 'video.deleted', deleted }`.
 *
 * @example
 * ```ts
 * deleteVideo(runtime, 'video_123').subscribe((d) => console.log(d.deleted));
 * ```
 */
export function deleteVideo(runtime: SoraRuntime, id: string, options?: RequestOptions): Observable<VideoDeleted> {
  return deleteAs('deleteVideo', runtime, id, options);
}

/**
 * Stops a job on the server. The API has no cancel endpoint, so this is `DELETE /videos/{id}` under its own span
 * (`sora.cancelVideo`). Unsubscribing from `watchVideo`/`generateVideo` only stops local work; this ends the job.
 *
 * @example
 * ```ts
 * cancelVideo(runtime, 'video_123').subscribe((d) => console.log(d.deleted));
 * ```
 */
export function cancelVideo(runtime: SoraRuntime, id: string, options?: RequestOptions): Observable<VideoDeleted> {
  return deleteAs('cancelVideo', runtime, id, options);
}
