import { ValidationError } from '../../errors/validation-error.js';
import type {
  FileInput,
  VideoContentVariant,
  VideoListParams,
  VideoSeconds,
  VideoSecondsInput,
  VideoSize,
  VideoSource,
} from './types.js';

/** Longest prompt the API accepts. */
export const MAX_PROMPT_LENGTH = 32_000;
/** Longest id sora-rx sends in a path. */
export const MAX_ID_LENGTH = 256;
/** Character names are 1..80 characters. */
export const MAX_CHARACTER_NAME_LENGTH = 80;

const SECONDS: readonly VideoSeconds[] = ['4', '8', '12'];
const SIZES: readonly VideoSize[] = ['720x1280', '1280x720', '1024x1792', '1792x1024'];
const VARIANTS: readonly VideoContentVariant[] = ['video', 'thumbnail', 'spritesheet'];

/**
 * Checks a prompt: a non-empty string of at most 32000 characters.
 *
 * @example
 * ```ts
 * checkPrompt('a fox'); // 'a fox'
 * checkPrompt('');      // throws ValidationError (field 'prompt')
 * ```
 */
export function checkPrompt(value: unknown, field = 'prompt'): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  if (value.trim().length === 0) throw new ValidationError(field, 'must not be empty');
  if (value.length > MAX_PROMPT_LENGTH)
    throw new ValidationError(field, `must be at most ${MAX_PROMPT_LENGTH} characters`);
  return value;
}

/**
 * Checks an id used in a path and returns it percent-encoded: non-empty, at most 256 characters, no `/`, not `.`
 * or `..`, no control characters.
 *
 * @example
 * ```ts
 * encodeId('video_123');   // 'video_123'
 * encodeId('../etc');      // throws ValidationError (field 'id')
 * ```
 */
export function encodeId(value: unknown, field = 'id'): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  if (value.length === 0) throw new ValidationError(field, 'must not be empty');
  if (value.length > MAX_ID_LENGTH) throw new ValidationError(field, `must be at most ${MAX_ID_LENGTH} characters`);
  if (value === '.' || value === '..') throw new ValidationError(field, 'must not be "." or ".."');
  if (value.includes('/') || value.includes('\\')) throw new ValidationError(field, 'must not contain "/" or "\\"');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ValidationError(field, 'must not contain control characters');
  return encodeURIComponent(value);
}

/**
 * Checks a model: any non-empty string (known values are typed, others pass through).
 *
 * @example
 * ```ts
 * checkModel('sora-2'); // 'sora-2'
 * ```
 */
export function checkModel(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim().length === 0)
    throw new ValidationError('model', 'must be a non-empty string');
  return value;
}

/**
 * Checks `seconds` and converts numbers to the wire strings.
 *
 * @example
 * ```ts
 * checkSeconds(8); // '8'
 * ```
 */
export function checkSeconds(value: VideoSecondsInput | undefined, required = false): VideoSeconds | undefined {
  if (value === undefined) {
    if (required) throw new ValidationError('seconds', 'is required');
    return undefined;
  }
  const text = typeof value === 'number' ? String(value) : value;
  if (!SECONDS.includes(text as VideoSeconds))
    throw new ValidationError('seconds', `must be one of ${SECONDS.join(', ')}`);
  return text as VideoSeconds;
}

/**
 * Checks `size` against the four API values.
 *
 * @example
 * ```ts
 * checkSize('1280x720'); // '1280x720'
 * ```
 */
export function checkSize(value: unknown): VideoSize | undefined {
  if (value === undefined) return undefined;
  if (!SIZES.includes(value as VideoSize)) throw new ValidationError('size', `must be one of ${SIZES.join(', ')}`);
  return value as VideoSize;
}

/**
 * Checks a content variant.
 *
 * @example
 * ```ts
 * checkVariant('thumbnail'); // 'thumbnail'
 * ```
 */
export function checkVariant(value: unknown): VideoContentVariant | undefined {
  if (value === undefined) return undefined;
  if (!VARIANTS.includes(value as VideoContentVariant)) {
    throw new ValidationError('variant', `must be one of ${VARIANTS.join(', ')}`);
  }
  return value as VideoContentVariant;
}

/**
 * Checks list parameters (`limit` 1..100 integer, `order` asc|desc, `after` an id).
 *
 * @example
 * ```ts
 * checkListParams({ limit: 20, order: 'desc' });
 * ```
 */
export function checkListParams(params: VideoListParams | undefined): VideoListParams {
  const p = params ?? {};
  if (typeof p !== 'object') throw new ValidationError('params', 'must be an object');
  const { limit, order, after } = p;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100)) {
    throw new ValidationError('limit', 'must be an integer from 1 to 100');
  }
  if (order !== undefined && order !== 'asc' && order !== 'desc')
    throw new ValidationError('order', 'must be asc or desc');
  if (after !== undefined) encodeId(after, 'after');
  return { limit, order, after };
}

/**
 * Checks a character name (1..80 characters).
 *
 * @example
 * ```ts
 * checkCharacterName('Rex'); // 'Rex'
 * ```
 */
export function checkCharacterName(value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0)
    throw new ValidationError('name', 'must be a non-empty string');
  if (value.length > MAX_CHARACTER_NAME_LENGTH) {
    throw new ValidationError('name', `must be at most ${MAX_CHARACTER_NAME_LENGTH} characters`);
  }
  return value;
}

/**
 * True when `value` is a {@link FileInput} (bytes, a Blob, `{ path }` or `{ data }`).
 *
 * @example
 * ```ts
 * isFileInput({ path: 'a.png' }); // true
 * isFileInput({ id: 'video_1' }); // false
 * ```
 */
export function isFileInput(value: unknown): value is FileInput {
  if (value instanceof Uint8Array || value instanceof Blob) return true;
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { path?: unknown; data?: unknown };
  return (typeof v.path === 'string' && v.path.length > 0) || v.data instanceof Uint8Array;
}

/**
 * Checks a source video: `{ id }` or a file.
 *
 * @example
 * ```ts
 * checkVideoSource({ id: 'video_1' }, 'video');
 * ```
 */
export function checkVideoSource(value: unknown, field = 'video'): VideoSource {
  if (isFileInput(value)) return value;
  if (typeof value === 'object' && value !== null && 'id' in value) {
    encodeId((value as { id: unknown }).id, `${field}.id`);
    return value as VideoSource;
  }
  throw new ValidationError(field, 'must be { id } or a file ({ path }, Buffer, Uint8Array, Blob)');
}
