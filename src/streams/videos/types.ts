/**
 * Wire types of the OpenAI Videos (Sora) API, mirrored field for field (snake_case, nullable fields present),
 * plus the parameter and event types of the sora-rx operations.
 */
import type { Writable } from 'node:stream';
import type { RequestOptions } from '../../config/options.js';
import type { SoraError } from '../../errors/sora-error.js';

/** Models the API knows; any other string is passed through unchanged. */
export type VideoModel =
  'sora-2' | 'sora-2-pro' | 'sora-2-2025-10-06' | 'sora-2-pro-2025-10-06' | 'sora-2-2025-12-08' | (string & {});

/** Lifecycle of a video job; `completed` and `failed` are terminal. */
export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

/** Clip length in seconds, a string on the wire. */
export type VideoSeconds = '4' | '8' | '12';

/** Output resolution (width x height). */
export type VideoSize = '720x1280' | '1280x720' | '1024x1792' | '1792x1024';

/** Which asset `GET /videos/{id}/content` returns. @default 'video' */
export type VideoContentVariant = 'video' | 'thumbnail' | 'spritesheet';

/** List order by creation time. */
export type VideoListOrder = 'asc' | 'desc';

/** Why a job failed (`Video.error`). */
export interface VideoCreateError {
  code: string;
  message: string;
}

/** A video job (`VideoResource`). All 13 fields are always present. */
export interface Video {
  id: string;
  object: 'video';
  model: VideoModel;
  status: VideoStatus;
  /** Approximate completion percentage (0–100); a hint, not guaranteed monotonic. */
  progress: number;
  /** Unix seconds. */
  created_at: number;
  completed_at: number | null;
  expires_at: number | null;
  prompt: string | null;
  size: VideoSize;
  /** Clip duration; for an extension, the stitched total. */
  seconds: VideoSeconds | (string & {});
  remixed_from_video_id: string | null;
  error: VideoCreateError | null;
}

/** One page of `GET /videos` (`VideoListResource`). */
export interface VideoList {
  object: 'list';
  data: Video[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** Result of `DELETE /videos/{id}` (`DeletedVideoResource`). */
export interface VideoDeleted {
  id: string;
  object: 'video.deleted';
  deleted: boolean;
}

/** A character (`VideoCharacterResource`). */
export interface VideoCharacter {
  id: string | null;
  name: string | null;
  /** Unix seconds. */
  created_at: number;
}

/**
 * A file to upload: a path on disk (`{ path }`, streamed with `fs.openAsBlob`), bytes (`Buffer`/`Uint8Array`),
 * or a `Blob`/`File`. A bare string is never a file (it would be ambiguous with a URL).
 */
export type FileInput =
  | { path: string; filename?: string; contentType?: string }
  | { data: Uint8Array; filename?: string; contentType?: string }
  | Uint8Array
  | Blob;

/** A reference image given by URL (or data URL) or by uploaded file id; exactly one of the two. */
export type ImageReference = { image_url: string; file_id?: never } | { file_id: string; image_url?: never };

/** `input_reference` of a create: an image reference (sent as JSON) or a file (sent as multipart). */
export type VideoInputReference = ImageReference | FileInput;

/** A source video: an existing one by `{ id }` (JSON) or a file (multipart). */
export type VideoSource = { id: string } | FileInput;

/** `seconds` as accepted by sora-rx: the wire strings, or the numbers 4, 8, 12. */
export type VideoSecondsInput = VideoSeconds | 4 | 8 | 12;

/** Body of `POST /videos`. */
export interface VideoCreateParams {
  /** 1..32000 characters. */
  prompt: string;
  /** @default 'sora-2' (server side) */
  model?: VideoModel;
  /** @default '4' (server side) */
  seconds?: VideoSecondsInput;
  /** @default '720x1280' (server side) */
  size?: VideoSize;
  input_reference?: VideoInputReference;
}

/** Query of `GET /videos`. */
export interface VideoListParams {
  /** Page size, 1..100. */
  limit?: number;
  order?: VideoListOrder;
  /** Start after this video id (cursor). */
  after?: string;
}

/** Body of `POST /videos/{id}/remix`. */
export interface VideoRemixParams {
  prompt: string;
}

/** Body of `POST /videos/edits`. */
export interface VideoEditParams {
  prompt: string;
  video: VideoSource;
}

/** Body of `POST /videos/extensions`. */
export interface VideoExtendParams {
  prompt: string;
  /** Length of the new segment. */
  seconds: VideoSecondsInput;
  video: VideoSource;
}

/** Body of `POST /videos/characters` (multipart only). */
export interface VideoCreateCharacterParams {
  /** 1..80 characters. */
  name: string;
  video: FileInput;
}

/** Where a download goes: a file path (written atomically via a `.part` file) or a Node `Writable`. */
export type DownloadDestination = string | Writable;

/** Options of `downloadVideo`. */
export interface DownloadVideoOptions extends RequestOptions {
  destination: DownloadDestination;
  /** @default 'video' */
  variant?: VideoContentVariant;
}

/** Progress of a download. The last value has `done: true` (file renamed into place / writable ended). */
export interface DownloadProgress {
  bytesWritten: number;
  /** From `Content-Length`; `undefined` when the server did not send it. */
  totalBytes: number | undefined;
  done: boolean;
  /** The final path when the destination was a path. */
  path?: string;
}

/** Polling schedule of `watchVideo` (see `nextPollDelayMs`). */
export interface WatchScheduleOptions {
  /** Base poll interval in ms. @default 2000 */
  intervalMs?: number;
  /** Shortest wait between polls (server hints are clamped to it too). @default min(1000, intervalMs) */
  minIntervalMs?: number;
  /** Longest wait between polls (server hints are clamped to it too). @default max(20000, intervalMs) */
  maxIntervalMs?: number;
  /** Growth of the interval while nothing changes. @default 1.5 */
  slowdownFactor?: number;
  /** Give up with `TimeoutError` (`watch_deadline_exceeded`) after this many ms from subscription; `Infinity` for none. @default 3600000 (1 h) */
  deadlineMs?: number;
  /**
   * Give up after this many polls in a row failed with a retryable error (after the request's own retries); the
   * watch errors with the last failure. `Infinity` for none. @default 10
   */
  maxConsecutiveFailures?: number;
}

/** Options of `watchVideo`. */
export interface WatchVideoOptions extends RequestOptions, WatchScheduleOptions {}

/** The `download` part of `generateVideo` options. */
export interface GenerateDownloadOptions {
  destination: DownloadDestination;
  variant?: VideoContentVariant;
  /** Also save the thumbnail to this path. */
  thumbnail?: string;
}

/** Options of `generateVideo`. */
export interface GenerateVideoOptions extends RequestOptions {
  download?: GenerateDownloadOptions;
  watch?: WatchScheduleOptions;
}

/** What `generateVideo` emits, in order: `created`, `progress`*, `completed`, then `downloaded` if asked. */
export type GenerateVideoEvent =
  | { type: 'created'; video: Video }
  | { type: 'progress'; video: Video }
  | { type: 'completed'; video: Video }
  | {
      type: 'downloaded';
      video: Video;
      /** The file path, when the destination was a path. */
      path: string | undefined;
      bytes: number;
      thumbnail?: { path: string; bytes: number };
    };

/** Result of `healthCheck`; never an error notification. */
export type HealthStatus = { ok: true; latencyMs: number } | { ok: false; latencyMs: number; error: SoraError };

/** `listVideos` in the Promise facade: stop after `max` videos. */
export interface VideoListAllParams extends VideoListParams {
  /** Stop after this many videos (fetching no more pages). @default Infinity */
  max?: number;
}
