import { EmptyError, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import type { SoraPromises } from './client-types.js';
import { CancelledError } from './errors/request-errors.js';
import type { SoraVideoOperations } from './streams/videos/bind.js';

/**
 * The Promise facade over the Observable operations: single-value methods resolve with their value
 * (`firstValueFrom`), `listVideos` with all videos (or the first `max`), `watchVideo` with the completed video,
 * `downloadVideo` with the final progress and `generateVideo` with the last event. Errors are the same as the
 * Observables'; a call stopped by `cancel$` (which completes the Observable) rejects with `CancelledError`.
 *
 * @example
 * ```ts
 * const promises = createSoraPromises(bindVideoOperations(runtime));
 * const video = await promises.watchVideo('video_123');
 * ```
 */
export function createSoraPromises(ops: SoraVideoOperations): SoraPromises {
  return {
    createVideo: (params, options) => first(ops.createVideo(params, options)),
    getVideoStatus: (id, options) => first(ops.getVideoStatus(id, options)),
    listVideos: (params, options) => {
      const { max, ...query } = params ?? {};
      const videos$ = ops.listVideos(query, options);
      const limited$ = max === undefined ? videos$ : videos$.pipe(take(max));
      return lastValueFrom(limited$.pipe(toArray()));
    },
    deleteVideo: (id, options) => first(ops.deleteVideo(id, options)),
    cancelVideo: (id, options) => first(ops.cancelVideo(id, options)),
    remixVideo: (id, params, options) => first(ops.remixVideo(id, params, options)),
    editVideo: (params, options) => first(ops.editVideo(params, options)),
    extendVideo: (params, options) => first(ops.extendVideo(params, options)),
    createCharacter: (params, options) => first(ops.createCharacter(params, options)),
    getCharacter: (id, options) => first(ops.getCharacter(id, options)),
    downloadVideo: (id, options) => final(ops.downloadVideo(id, options)),
    watchVideo: (id, options) => final(ops.watchVideo(id, options)),
    generateVideo: (params, options) => final(ops.generateVideo(params, options)),
    healthCheck: (options) => first(ops.healthCheck(options)),
  };
}

function first<T>(source: Observable<T>): Promise<T> {
  return firstValueFrom(source).catch(emptyAsCancelled);
}

function final<T>(source: Observable<T>): Promise<T> {
  return lastValueFrom(source).catch(emptyAsCancelled);
}

function emptyAsCancelled(error: unknown): never {
  if (error instanceof EmptyError) throw new CancelledError('Cancelled by cancel$ before a value arrived');
  throw error;
}
