import type { Video } from '../videos/types.js';

/** Where a job stands for a watch: still running, or one of the two ends. */
export type WatchPhase = 'running' | 'completed' | 'failed';

/**
 * The one place the poller reads `status` (so a status alias table is a one-line swap here).
 *
 * @example
 * ```ts
 * watchPhase({ ...video, status: 'completed' }); // 'completed'
 * ```
 */
export function watchPhase(video: Pick<Video, 'status'>): WatchPhase {
  if (video.status === 'completed') return 'completed';
  if (video.status === 'failed') return 'failed';
  return 'running';
}
