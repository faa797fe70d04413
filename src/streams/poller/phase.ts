import { STATUS_ALIASES, type StatusAliases, videoPhase } from '../videos/video-phase.js';
import type { Video } from '../videos/types.js';

/** Where a job stands for a watch: still running, or one of its ends. */
export type WatchPhase = 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';

/**
 * The one place the poller reads `status`: through the status alias table (`videoPhase`, the client's
 * `statusAliases`); queued and in-progress statuses (and unknown ones) are `running`.
 *
 * @example
 * ```ts
 * watchPhase({ ...video, status: 'succeeded' }); // 'completed'
 * ```
 */
export function watchPhase(video: Pick<Video, 'status'>, aliases: StatusAliases = STATUS_ALIASES): WatchPhase {
  const phase = videoPhase(video.status, aliases);
  return phase === 'queued' || phase === 'in_progress' ? 'running' : phase;
}
