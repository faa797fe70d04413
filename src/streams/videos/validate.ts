import type { ValidationMode } from '../../config/options.js';
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
/** Longest id sora-rx sends in a path (LiteLLM's routing ids are ~200 characters; room to spare). */
export const MAX_ID_LENGTH = 4096;
/** Character names are 1..80 characters. */
export const MAX_CHARACTER_NAME_LENGTH = 80;

/** OpenAI's `seconds` of a create (`validation: 'openai'`). */
export const OPENAI_SECONDS: readonly string[] = ['4', '8', '12'];
/** OpenAI's `seconds` of an extension, per the spec's description (`validation: 'openai'`). */
export const OPENAI_EXTEND_SECONDS: readonly string[] = ['4', '8', '12', '16', '20'];
/** OpenAI's sizes (`validation: 'openai'`). */
export const OPENAI_SIZES: readonly string[] = ['720x1280', '1280x720', '1024x1792', '1792x1024'];

const POSITIVE_INTEGER = /^[1-9]\d*$/;
const WIDTH_BY_HEIGHT = /^[1-9]\d*x[1-9]\d*$/;
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
 * Checks an id used in a path and returns it percent-encoded as exactly one path segment. Ids are opaque (LiteLLM
 * sends ~200-character standard base64 with `+`, `/`, `=`): any string of 1 to {@link MAX_ID_LENGTH} characters
 * passes except `.`, `..` and one with control characters; `/` becomes `%2F`, so it can never traverse.
 *
 * @example
 * ```ts
 * encodeId('video_123');        // 'video_123'
 * encodeId('video_bGl0ZQ+/=');  // 'video_bGl0ZQ%2B%2F%3D'
 * encodeId('..');               // throws ValidationError (field 'id')
 * ```
 */
export function encodeId(value: unknown, field = 'id'): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  if (value.length === 0) throw new ValidationError(field, 'must not be empty');
  if (value.length > MAX_ID_LENGTH) throw new ValidationError(field, `must be at most ${MAX_ID_LENGTH} characters`);
  if (value === '.' || value === '..') throw new ValidationError(field, 'must not be "." or ".."');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ValidationError(field, 'must not contain control characters');
  try {
    return encodeURIComponent(value);
  } catch {
    throw new ValidationError(field, 'must be well-formed Unicode');
  }
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

/** Which request a `seconds` belongs to: a create (or remix) or an extension (OpenAI allows 4–20 there). */
export type SecondsKind = 'create' | 'extend';

/**
 * Checks `seconds` and returns the wire string. By form (`mode` `'form'`, the default): a positive integer, as a
 * number or a numeric string (`5`, `'5'`). With `'openai'`: also one of OpenAI's values (4, 8, 12; 4–20 in steps of
 * 4 for an extension).
 *
 * @example
 * ```ts
 * checkSeconds(5);                          // '5'
 * checkSeconds(16, false, 'openai', 'extend'); // '16'
 * checkSeconds(5, false, 'openai');         // throws ValidationError (field 'seconds')
 * ```
 */
export function checkSeconds(
  value: VideoSecondsInput | undefined,
  required = false,
  mode: ValidationMode = 'form',
  kind: SecondsKind = 'create',
): VideoSeconds | undefined {
  if (value === undefined) {
    if (required) throw new ValidationError('seconds', 'is required');
    return undefined;
  }
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : value;
  if (typeof text !== 'string' || !POSITIVE_INTEGER.test(text)) {
    throw new ValidationError('seconds', 'must be a positive integer (a number or a numeric string)');
  }
  const allowed = kind === 'extend' ? OPENAI_EXTEND_SECONDS : OPENAI_SECONDS;
  if (mode === 'openai' && !allowed.includes(text)) {
    throw new ValidationError('seconds', `must be one of ${allowed.join(', ')} (validation: 'openai')`);
  }
  return text;
}

/**
 * Checks `size`. By form (default): `<width>x<height>` with positive integers (`832x480`). With `'openai'`: one
 * of OpenAI's four sizes.
 *
 * @example
 * ```ts
 * checkSize('832x480');          // '832x480'
 * checkSize('832x480', 'openai'); // throws ValidationError (field 'size')
 * ```
 */
export function checkSize(value: unknown, mode: ValidationMode = 'form'): VideoSize | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !WIDTH_BY_HEIGHT.test(value)) {
    throw new ValidationError('size', 'must be <width>x<height>, e.g. 1280x720');
  }
  if (mode === 'openai' && !OPENAI_SIZES.includes(value)) {
    throw new ValidationError('size', `must be one of ${OPENAI_SIZES.join(', ')} (validation: 'openai')`);
  }
  return value;
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
  const { limit, order, after, maxPages } = p;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100)) {
    throw new ValidationError('limit', 'must be an integer from 1 to 100');
  }
  if (order !== undefined && order !== 'asc' && order !== 'desc')
    throw new ValidationError('order', 'must be asc or desc');
  if (after !== undefined) encodeId(after, 'after');
  if (maxPages !== undefined && (!Number.isInteger(maxPages) || maxPages < 1)) {
    throw new ValidationError('maxPages', 'must be a positive integer');
  }
  return { limit, order, after, maxPages };
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
