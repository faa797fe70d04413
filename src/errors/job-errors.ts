import { redactDeep } from '../util/redact.js';
import { SoraError } from './sora-error.js';

/** The `error` object of a failed video job, as the API sends it. */
export interface VideoJobError {
  code: string;
  message: string;
}

/** The parts of a video this error needs; the full `Video` type satisfies it. */
export interface FailedVideoLike {
  id: string;
  status: string;
  error: VideoJobError | null;
}

/**
 * A video job ended with `status: 'failed'` (an HTTP 200 whose body says so). Carries the video and its error,
 * both copied with every string scrubbed of the API key (a server may echo it) and `error.code` as a string
 * (some servers send a number).
 *
 * @example
 * ```ts
 * sora.watchVideo(id).subscribe({ error: (e) => e instanceof VideoGenerationFailedError && console.log(e.video.error) });
 * ```
 */
export class VideoGenerationFailedError<V extends FailedVideoLike = FailedVideoLike> extends SoraError {
  override readonly name: string = 'VideoGenerationFailedError';
  /** The failed video as last seen. */
  readonly video: V;
  /** The job's own error (`video.error`), when the API gave one. */
  readonly jobError: VideoJobError | null;
  constructor(failed: V) {
    const video = scrubbedVideo(failed);
    const detail = video.error ? `${video.error.code}: ${video.error.message}` : 'no reason given';
    super(`Video ${video.id} failed (${detail})`, {
      code: video.error?.code || 'video_generation_failed',
      retryable: false,
      statusCode: 422,
    });
    this.video = video;
    this.jobError = video.error;
  }
}

/** A copy of the video with strings scrubbed and a well-formed `error` (`code` and `message` strings) or null. */
function scrubbedVideo<V extends FailedVideoLike>(video: V): V {
  const copy = redactDeep(video);
  const raw = (copy as { error?: unknown }).error;
  let error: VideoJobError | null = null;
  if (typeof raw === 'object' && raw !== null) {
    const { code, message } = raw as { code?: unknown; message?: unknown };
    error = { ...raw, code: asText(code), message: asText(message) };
  }
  return { ...copy, error };
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
