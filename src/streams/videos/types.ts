/**
 * Wire types of the Videos API (snake_case, as sent), as sora-rx parses them from OpenAI and compatible providers
 * (LiteLLM, Azure OpenAI v1, vLLM-Omni, new-api gateways), plus the parameter and event types of the operations.
 */
import type { Writable } from 'node:stream';
import type { RequestOptions } from '../../config/options.js';
import type { SoraError } from '../../errors/sora-error.js';

/** Models the API knows; any other string is passed through unchanged. */
export type VideoModel =
  'sora-2' | 'sora-2-pro' | 'sora-2-2025-10-06' | 'sora-2-pro-2025-10-06' | 'sora-2-2025-12-08' | (string & {});

/**
 * Status of a video job as the server spells it: OpenAI's four values, or any other string a compatible provider
 * sends (`processing`, `pending`, `succeeded`, `cancelled`, `expired`, …). `videoPhase` maps it onto a phase.
 */
export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed' | (string & {});

/** Clip length in seconds, a string on the wire: OpenAI's values, or any positive integer a provider accepts. */
export type VideoSeconds = '4' | '8' | '12' | (string & {});

/** Output resolution `<width>x<height>`: OpenAI's four values, or any other a provider accepts (e.g. `832x480`). */
export type VideoSize = '720x1280' | '1280x720' | '1024x1792' | '1792x1024' | (string & {});

/** Which asset `GET /videos/{id}/content` returns. @default 'video' */
export type VideoContentVariant = 'video' | 'thumbnail' | 'spritesheet';

/** List order by creation time. */
export type VideoListOrder = 'asc' | 'desc';

/**
 * Why a job failed (`Video.error`). OpenAI sends both fields; a provider may send only one (a numeric `code` is
 * turned into its decimal string, a bare string error becomes `{ message }`).
 */
export interface VideoCreateError {
  code?: string;
  message?: string;
}

/**
 * A video job (`VideoResource`). Only `id` and `status` are guaranteed: OpenAI sends all 13 fields, compatible
 * providers may omit any other (LiteLLM in front of Veo sends just `id`, `object`, `status`). A field is present
 * only when the server sent it with the right type; nothing is made up (a missing `progress` stays missing).
 * Timestamps are Unix **seconds** even when the server sent milliseconds (see `parseVideo`). Extra fields a
 * provider adds (`usage`, `quality`, `task_id`, …) are kept as sent.
 */
export interface Video {
  id: string;
  status: VideoStatus;
  object?: 'video' | (string & {});
  model?: VideoModel;
  /** Approximate completion percentage (0–100); a hint, not guaranteed monotonic. */
  progress?: number;
  /** Unix seconds. */
  created_at?: number;
  /** Unix seconds, or null while unfinished. */
  completed_at?: number | null;
  /** Unix seconds, or null when unset. */
  expires_at?: number | null;
  prompt?: string | null;
  size?: VideoSize;
  /** Clip duration; for an extension, the stitched total. */
  seconds?: VideoSeconds;
  remixed_from_video_id?: string | null;
  error?: VideoCreateError | null;
  /** Fields beyond OpenAI's schema, kept as the server sent them. */
  [extra: string]: unknown;
}

/** One page of `GET /videos` (`VideoListResource`). A missing `has_more` reads as `false`. */
export interface VideoList {
  object?: 'list' | (string & {});
  data: Video[];
  first_id?: string | null;
  last_id?: string | null;
  has_more: boolean;
}

/** Result of `DELETE /videos/{id}` (`DeletedVideoResource`). */
export interface VideoDeleted {
  id: string;
  object?: 'video.deleted' | (string & {});
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

/**
 * `seconds` as accepted by sora-rx: a positive integer, as a number or a numeric string (sent as a string). With
 * `validation: 'openai'` only 4, 8 and 12 (4–20 in steps of 4 for an extension).
 */
export type VideoSecondsInput = VideoSeconds | number;

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
  /** Client-side bound: pages one listing fetches at most, then `PaginationLimitError`. Not sent. @default 10000 */
  maxPages?: number;
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
