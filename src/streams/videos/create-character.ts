import { map, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import { ValidationError } from '../../errors/validation-error.js';
import type { RequestOptions } from '../../config/options.js';
import type { SoraRuntime } from '../runtime-types.js';
import { multipartBody } from './bodies.js';
import type { VideoCharacter, VideoCreateCharacterParams } from './types.js';
import { checkCharacterName, isFileInput } from './validate.js';
import { validated } from './validated.js';
import { bodyAs, parseVideoCharacter } from './response-shape.js';

/**
 * `POST /videos/characters` (multipart only): creates a character from a video file.
 *
 * @example
 * ```ts
 * createCharacter(runtime, { name: 'Rex', video: { path: './rex.mp4' } }).subscribe((c) => console.log(c.id));
 * ```
 */
export function createCharacter(
  runtime: SoraRuntime,
  params: VideoCreateCharacterParams,
  options?: RequestOptions,
): Observable<VideoCharacter> {
  return validated(
    () => {
      const name = checkCharacterName(params?.name);
      if (!isFileInput(params?.video)) {
        throw new ValidationError('video', 'must be a file ({ path }, Buffer, Uint8Array, Blob)');
      }
      return { name, video: params.video };
    },
    ({ name, video }) =>
      runtime.operation('createCharacter', options, (scope) =>
        multipartBody({ name }, { field: 'video', file: video }).pipe(
          switchMap((body) =>
            scope.send<VideoCharacter>(
              { method: 'POST', path: '/videos/characters', pathTemplate: '/videos/characters', body },
              { idempotent: false },
            ),
          ),
          map((res) => bodyAs(res, parseVideoCharacter, 'VideoCharacter')),
        ),
      ),
  );
}
