import { redactDeep } from '../util/redact.js';
import { SoraError } from './sora-error.js';

/** The `error` object of a failed video job, as the server sent it (either field may be missing). */
export interface VideoJobError {
  code?: string;
  message?: string;
}

/** The parts of a video these errors need; the full `Video` type satisfies it. */
export interface FailedVideoLike {
  id: string;
  status: string;
  error?: VideoJobError | null;
}

function describeJobError(error: VideoJobError | null | undefined): string {
  if (!error || (error.code === undefined && error.message === undefined)) return 'no reason given';
  if (error.code === undefined) return error.message!;
  return error.message === undefined ? error.code : `${error.code}: ${error.message}`;
}

/**
 * A video job ended with a failed status (`failed`, or an alias such as `error`: an HTTP 200 whose body says so).
 * Carries the video and its error, both copied with every string scrubbed of the API key (a server may echo it)
 * and `error.code` as a string (some servers send a number).
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
  /** The job's own error (`video.error`), when the server gave one. */
  readonly jobError: VideoJobError | null;
  constructor(failed: V) {
    const video = scrubbedVideo(failed);
    super(`Video ${video.id} failed (${describeJobError(video.error)})`, {
      code: video.error?.code || 'video_generation_failed',
      retryable: false,
      statusCode: 422,
    });
    this.video = video;
    this.jobError = video.error ?? null;
  }
}

/**
 * A video job was cancelled on the server (`status: 'cancelled'` or an alias): it will never complete. Code
 * `video_cancelled`.
 *
 * @example
 * ```ts
 * sora.watchVideo(id).subscribe({ error: (e) => e instanceof VideoCancelledError && console.log(e.video.id) });
 * ```
 */
export class VideoCancelledError<V extends FailedVideoLike = FailedVideoLike> extends SoraError {
  override readonly name: string = 'VideoCancelledError';
  /** The video as last seen. */
  readonly video: V;
  constructor(video: V) {
    video = redactDeep(video);
    super(`Video ${video.id} was cancelled (status '${video.status}')`, {
      code: 'video_cancelled',
      retryable: false,
      statusCode: 409,
    });
    this.video = video;
  }
}

/**
 * A video job expired on the server (`status: 'expired'` or an alias) before it completed, or its assets did: it
 * cannot be downloaded. Code `video_expired`.
 *
 * @example
 * ```ts
 * sora.watchVideo(id).subscribe({ error: (e) => e instanceof VideoExpiredError && console.log(e.video.id) });
 * ```
 */
export class VideoExpiredError<V extends FailedVideoLike = FailedVideoLike> extends SoraError {
  override readonly name: string = 'VideoExpiredError';
  /** The video as last seen. */
  readonly video: V;
  constructor(video: V) {
    video = redactDeep(video);
    super(`Video ${video.id} expired (status '${video.status}')`, {
      code: 'video_expired',
      retryable: false,
      statusCode: 410,
    });
    this.video = video;
  }
}

/** A copy of the video with strings scrubbed and a well-formed `error` (`code` and `message` strings) or null. */
function scrubbedVideo<V extends FailedVideoLike>(video: V): V {
  const copy = redactDeep(video);
  const raw = (copy as { error?: unknown }).error;
  let error: VideoJobError | null = null;
  if (typeof raw === 'object' && raw !== null) {
    const { code, message } = raw as { code?: unknown; message?: unknown };
    error = { ...raw };
    const codeText = asText(code);
    const messageText = asText(message);
    if (codeText === undefined) delete error.code;
    else error.code = codeText;
    if (messageText === undefined) delete error.message;
    else error.message = messageText;
  }
  return { ...copy, error };
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
