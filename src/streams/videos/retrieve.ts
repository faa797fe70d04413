import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import type { RequestOptions } from '../../config/options.js';
import type { SoraRuntime } from '../runtime-types.js';
import type { Video, VideoCharacter } from './types.js';
import { encodeId } from './validate.js';
import { validated } from './validated.js';
import { bodyAs, parseVideoCharacter } from './response-shape.js';
import { retrievedVideo } from './retrieved-video.js';

/**
 * `GET /videos/{id}`: emits the video once. A response for another id errors with `invalid_response`.
 *
 * @example
 * ```ts
 * getVideoStatus(runtime, 'video_123').subscribe((v) => console.log(v.status, v.progress));
 * ```
 */
export function getVideoStatus(runtime: SoraRuntime, id: string, options?: RequestOptions): Observable<Video> {
  return validated(
    () => encodeId(id, 'id'),
    (encoded) =>
      runtime.operation(
        'getVideoStatus',
        options,
        (scope) =>
          scope
            .send<Video>({ method: 'GET', path: `/videos/${encoded}`, pathTemplate: '/videos/{video_id}' })
            .pipe(map((res) => retrievedVideo(res, id))),
        { 'sora.video.id': id },
      ),
  );
}

/**
 * `GET /videos/characters/{id}`: emits the character once.
 *
 * @example
 * ```ts
 * getCharacter(runtime, 'char_123').subscribe((c) => console.log(c.name));
 * ```
 */
export function getCharacter(runtime: SoraRuntime, id: string, options?: RequestOptions): Observable<VideoCharacter> {
  return validated(
    () => encodeId(id, 'id'),
    (encoded) =>
      runtime.operation('getCharacter', options, (scope) =>
        scope
          .send<VideoCharacter>({
            method: 'GET',
            path: `/videos/characters/${encoded}`,
            pathTemplate: '/videos/characters/{character_id}',
          })
          .pipe(map((res) => bodyAs(res, parseVideoCharacter, 'VideoCharacter'))),
      ),
  );
}
