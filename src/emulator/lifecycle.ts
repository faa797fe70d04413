import type { ProgressCurve, VideoJobError, VideoResource, VideoStatus } from './types.js';

/** What the store keeps per video; status and progress are derived from the clock on read. */
export interface StoredVideo {
  id: string;
  seq: number;
  model: string;
  prompt: string;
  size: string;
  seconds: string;
  remixedFromVideoId: string | null;
  createdAtMs: number;
  /** Time spent queued (already scaled). */
  queueMs: number;
  /** Time spent rendering (already scaled). */
  renderMs: number;
  expiresAfterMs: number;
  /** Set for jobs that will fail; they fail halfway through rendering. */
  failure: VideoJobError | null;
  /** How reported progress follows render time. @default 'linear' */
  progressCurve?: ProgressCurve;
}

/**
 * The progress curves by name (fraction of render time in [0, 1) → fraction of progress): `linear`, `ease-in`
 * (t²), `ease-out` (1-(1-t)²), `steps` (25 % jumps). A non-linear curve makes a poll schedule that extrapolates
 * the progress rate guess wrong.
 */
export const PROGRESS_CURVES: Readonly<Record<ProgressCurve, (t: number) => number>> = Object.freeze({
  linear: (t: number) => t,
  'ease-in': (t: number) => t * t,
  'ease-out': (t: number) => 1 - (1 - t) * (1 - t),
  steps: (t: number) => Math.floor(t * 4) / 4,
});

/** Fraction of the render after which a failing job fails. */
export const FAIL_AT = 0.5;

const toUnix = (ms: number): number => Math.floor(ms / 1000);

/** Status, progress and completion time of `video` at `now`. */
export function phaseAt(
  video: StoredVideo,
  now: number,
): { status: VideoStatus; progress: number; finishedAtMs: number | null } {
  const elapsed = now - video.createdAtMs;
  if (elapsed < video.queueMs) return { status: 'queued', progress: 0, finishedAtMs: null };
  const rendered = elapsed - video.queueMs;
  const renderEnd = video.failure === null ? video.renderMs : video.renderMs * FAIL_AT;
  if (rendered >= renderEnd) {
    const finishedAtMs = video.createdAtMs + video.queueMs + renderEnd;
    if (video.failure !== null) {
      return { status: 'failed', progress: Math.floor(FAIL_AT * 100), finishedAtMs };
    }
    return { status: 'completed', progress: 100, finishedAtMs };
  }
  const curve = PROGRESS_CURVES[video.progressCurve ?? 'linear'];
  const progress = video.renderMs === 0 ? 99 : Math.min(99, Math.floor(curve(rendered / video.renderMs) * 100 + 1e-9));
  return { status: 'in_progress', progress, finishedAtMs: null };
}

/** The API's Video object for `video` at `now`. */
export function toResource(video: StoredVideo, now: number): VideoResource {
  const { status, progress, finishedAtMs } = phaseAt(video, now);
  return {
    id: video.id,
    object: 'video',
    model: video.model,
    status,
    progress,
    created_at: toUnix(video.createdAtMs),
    completed_at: finishedAtMs === null ? null : toUnix(finishedAtMs),
    expires_at: status === 'completed' ? toUnix(finishedAtMs! + video.expiresAfterMs) : null,
    prompt: video.prompt,
    size: video.size,
    seconds: video.seconds,
    remixed_from_video_id: video.remixedFromVideoId,
    error: status === 'failed' ? video.failure : null,
  };
}

/** True once the assets of a completed video have expired. */
export function isExpired(video: StoredVideo, now: number): boolean {
  const { status, finishedAtMs } = phaseAt(video, now);
  return status === 'completed' && now >= finishedAtMs! + video.expiresAfterMs;
}
