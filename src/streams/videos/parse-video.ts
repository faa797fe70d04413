import type { Video, VideoCharacter, VideoCreateError, VideoDeleted, VideoList } from './types.js';

/**
 * A timestamp above this is read as epoch **milliseconds**, anything else as epoch seconds: 1e11 seconds is the
 * year 5138, 1e11 milliseconds is March 1973, so no real date of either kind is ambiguous.
 */
export const MS_TIMESTAMP_THRESHOLD = 1e11;

const TIMESTAMP_FIELDS = ['created_at', 'completed_at', 'expires_at'] as const;
const NULLABLE_STRING_FIELDS = ['prompt', 'remixed_from_video_id'] as const;
const STRING_FIELDS = ['object', 'model', 'size'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A timestamp in Unix seconds: numbers above {@link MS_TIMESTAMP_THRESHOLD} are milliseconds and are divided by
 * 1000 (rounded down); anything that is not a finite, non-negative number gives `undefined`.
 *
 * @example
 * ```ts
 * toUnixSeconds(1_735_689_600);     // 1735689600
 * toUnixSeconds(1_735_689_600_123); // 1735689600
 * ```
 */
export function toUnixSeconds(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  return value > MS_TIMESTAMP_THRESHOLD ? Math.floor(value / 1000) : value;
}

/**
 * A job error in any shape providers send: `{ code, message }` with `code` a string or a number (made a string), a
 * bare string (becomes `{ message }`), or `null`. Anything else gives `undefined`.
 *
 * @example
 * ```ts
 * parseJobError({ code: 500, message: 'boom' }); // { code: '500', message: 'boom' }
 * ```
 */
export function parseJobError(value: unknown): VideoCreateError | null | undefined {
  if (value === null) return null;
  if (typeof value === 'string') return { message: value };
  if (!isRecord(value)) return undefined;
  const out: VideoCreateError = {};
  const { code, message } = value;
  if (typeof code === 'string') out.code = code;
  else if (typeof code === 'number' && Number.isFinite(code)) out.code = String(code);
  if (typeof message === 'string') out.message = message;
  return out;
}

/**
 * Reads a Video liberally: it needs a string `id` and a string `status`, nothing else. Every other known field is
 * kept when it has the right type and dropped when it has not (so the typed view never lies); `seconds` sent as a
 * number becomes its string; timestamps in milliseconds become seconds (see {@link toUnixSeconds}); unknown fields
 * are kept as sent. Returns `undefined` for a body that is not a video.
 *
 * @example
 * ```ts
 * parseVideo({ id: 'video_1', object: 'video', status: 'processing' }); // { id, object, status }, no progress
 * ```
 */
export function parseVideo(data: unknown): Video | undefined {
  if (!isRecord(data) || typeof data['id'] !== 'string' || typeof data['status'] !== 'string') return undefined;
  if (isWellTyped(data)) return data as Video; // the common case: nothing to fix, no copy
  const video: Video = { ...data, id: data['id'], status: data['status'] };
  for (const key of STRING_FIELDS) if (key in data && typeof data[key] !== 'string') delete video[key];
  for (const key of NULLABLE_STRING_FIELDS) {
    const v = data[key];
    if (key in data && v !== null && typeof v !== 'string') delete video[key];
  }
  const progress = data['progress'];
  if ('progress' in data && (typeof progress !== 'number' || !Number.isFinite(progress))) delete video.progress;
  const seconds = data['seconds'];
  if (typeof seconds === 'number' && Number.isFinite(seconds)) video.seconds = String(seconds);
  else if ('seconds' in data && typeof seconds !== 'string') delete video.seconds;
  for (const key of TIMESTAMP_FIELDS) {
    if (!(key in data)) continue;
    const v = data[key];
    const seconds = toUnixSeconds(v);
    if (seconds !== undefined) video[key] = seconds;
    else if (v === null && key !== 'created_at') video[key] = null;
    else delete video[key];
  }
  if ('error' in data) {
    const error = parseJobError(data['error']);
    if (error === undefined) delete video.error;
    else video.error = error;
  }
  return video;
}

const TIMESTAMP_OK = (v: unknown, nullable: boolean): boolean =>
  v === undefined ||
  (nullable && v === null) ||
  (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MS_TIMESTAMP_THRESHOLD);
const STRING_OK = (v: unknown): boolean => v === undefined || typeof v === 'string';
const NULLABLE_STRING_OK = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';

/** True when every known field is absent or already of its parsed type (so {@link parseVideo} changes nothing). */
function isWellTyped(d: Record<string, unknown>): boolean {
  const progress = d['progress'];
  const error = d['error'];
  return (
    STRING_OK(d['object']) &&
    STRING_OK(d['model']) &&
    STRING_OK(d['size']) &&
    STRING_OK(d['seconds']) &&
    NULLABLE_STRING_OK(d['prompt']) &&
    NULLABLE_STRING_OK(d['remixed_from_video_id']) &&
    (progress === undefined || (typeof progress === 'number' && Number.isFinite(progress))) &&
    TIMESTAMP_OK(d['created_at'], false) &&
    TIMESTAMP_OK(d['completed_at'], true) &&
    TIMESTAMP_OK(d['expires_at'], true) &&
    (error === undefined ||
      error === null ||
      (isRecord(error) && STRING_OK(error['code']) && STRING_OK(error['message'])))
  );
}

/**
 * Reads a list page: a `data` array whose every item is a video (see {@link parseVideo}); `has_more` is `true`
 * only when the server said so; `first_id` / `last_id` kept when they are strings or null. `undefined` otherwise.
 *
 * @example
 * ```ts
 * parseVideoList({ data: [{ id: 'video_1', status: 'queued' }] }); // { data: [...], has_more: false }
 * ```
 */
export function parseVideoList(data: unknown): VideoList | undefined {
  if (!isRecord(data) || !Array.isArray(data['data'])) return undefined;
  const videos: Video[] = [];
  for (const item of data['data']) {
    const video = parseVideo(item);
    if (video === undefined) return undefined;
    videos.push(video);
  }
  const list: VideoList = { ...data, data: videos, has_more: data['has_more'] === true };
  for (const key of ['first_id', 'last_id'] as const) {
    const v = data[key];
    if (key in data && v !== null && typeof v !== 'string') delete list[key];
  }
  if ('object' in data && typeof data['object'] !== 'string') delete list.object;
  return list;
}

/**
 * Reads a deletion result: a string `id` and a boolean `deleted`.
 *
 * @example
 * ```ts
 * parseVideoDeleted({ id: 'video_1', object: 'video.deleted', deleted: true });
 * ```
 */
export function parseVideoDeleted(data: unknown): VideoDeleted | undefined {
  if (!isRecord(data) || typeof data['id'] !== 'string' || typeof data['deleted'] !== 'boolean') return undefined;
  return data as unknown as VideoDeleted;
}

/**
 * Reads a character: `id` and `name` strings or null; `created_at` normalised to seconds.
 *
 * @example
 * ```ts
 * parseVideoCharacter({ id: 'char_1', name: 'Rex', created_at: 1735689600 });
 * ```
 */
export function parseVideoCharacter(data: unknown): VideoCharacter | undefined {
  if (!isRecord(data)) return undefined;
  const { id, name } = data;
  if (!(typeof id === 'string' || id === null) || !(typeof name === 'string' || name === null)) return undefined;
  const created = toUnixSeconds(data['created_at']);
  return { ...data, id, name, created_at: created ?? (data['created_at'] as number) } as VideoCharacter;
}
