import type { SoraClient } from '../../client-types.js';
import type { SoraRuntime } from '../runtime-types.js';
import { createCharacter } from './create-character.js';
import { createVideo } from './create-video.js';
import { cancelVideo, deleteVideo } from './delete-video.js';
import { editVideo, extendVideo, remixVideo } from './derive-video.js';
import { downloadVideo } from './download-video.js';
import { generateVideo } from './generate-video.js';
import { healthCheck } from './health-check.js';
import { listVideos } from './list-videos.js';
import { getCharacter, getVideoStatus } from './retrieve.js';
import { watchVideo } from './watch-video.js';

/** The Observable methods of a {@link SoraClient}. */
export type SoraVideoOperations = Omit<SoraClient, 'config' | 'promises' | 'close'>;

/**
 * Binds every Videos operation to one runtime.
 *
 * @example
 * ```ts
 * const ops = bindVideoOperations(createRuntime({ apiKey }));
 * ops.getVideoStatus('video_123').subscribe(console.log);
 * ```
 */
export function bindVideoOperations(runtime: SoraRuntime): SoraVideoOperations {
  return {
    createVideo: (params, options) => createVideo(runtime, params, options),
    getVideoStatus: (id, options) => getVideoStatus(runtime, id, options),
    listVideos: (params, options) => listVideos(runtime, params, options),
    deleteVideo: (id, options) => deleteVideo(runtime, id, options),
    cancelVideo: (id, options) => cancelVideo(runtime, id, options),
    remixVideo: (id, params, options) => remixVideo(runtime, id, params, options),
    editVideo: (params, options) => editVideo(runtime, params, options),
    extendVideo: (params, options) => extendVideo(runtime, params, options),
    createCharacter: (params, options) => createCharacter(runtime, params, options),
    getCharacter: (id, options) => getCharacter(runtime, id, options),
    downloadVideo: (id, options) => downloadVideo(runtime, id, options),
    watchVideo: (id, options) => watchVideo(runtime, id, options),
    generateVideo: (params, options) => generateVideo(runtime, params, options),
    healthCheck: (options) => healthCheck(runtime, options),
  };
}
