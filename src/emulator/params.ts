import { UploadedFile } from './body.js';
import { invalidParam, type ApiError } from './errors.js';

/** Allowed `seconds` values (`VideoSeconds`). */
export const VIDEO_SECONDS = ['4', '8', '12'] as const;
/** Allowed `size` values (`VideoSize`). */
export const VIDEO_SIZES = ['720x1280', '1280x720', '1024x1792', '1792x1024'] as const;
/** Allowed `order` values (`OrderEnum`). */
export const ORDERS = ['asc', 'desc'] as const;
/** Allowed `variant` values (`VideoContentVariant`). */
export const VARIANTS = ['video', 'thumbnail', 'spritesheet'] as const;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof UploadedFile) return 'a file';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'boolean' ? 'a boolean' : 'a string';
}

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length <= 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)!}`;
}

/** 400 for a missing required parameter. */
export function missing(param: string): ApiError {
  return invalidParam(param, `Missing required parameter: '${param}'.`, 'missing_required_parameter');
}

/** 400 for a parameter of the wrong type. */
export function wrongType(param: string, expected: string, value: unknown): ApiError {
  return invalidParam(
    param,
    `Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`,
    'invalid_type',
  );
}

/** A string parameter with length bounds; `undefined` when optional and absent. */
export function stringParam(
  params: Record<string, unknown>,
  param: string,
  rule: { required: boolean; min: number; max: number },
): string | undefined {
  const value = params[param];
  if (value === undefined) {
    if (rule.required) throw missing(param);
    return undefined;
  }
  if (typeof value !== 'string') throw wrongType(param, 'a string', value);
  if (value.length < rule.min) {
    throw invalidParam(
      param,
      `Invalid '${param}': empty string. Expected a string with minimum length ${rule.min}, but got an empty string instead.`,
      'empty_string',
    );
  }
  if (value.length > rule.max) {
    throw invalidParam(
      param,
      `Invalid '${param}': string too long. Expected a string with maximum length ${rule.max}, but got a string with length ${value.length} instead.`,
      'string_above_max_length',
    );
  }
  return value;
}

/** A string enum parameter; `undefined` when optional and absent. */
export function enumParam<T extends string>(
  params: Record<string, unknown>,
  param: string,
  values: readonly T[],
  required = false,
): T | undefined {
  const value = params[param];
  if (value === undefined) {
    if (required) throw missing(param);
    return undefined;
  }
  if (typeof value !== 'string') throw wrongType(param, `one of ${quoteList(values)}`, value);
  if (!(values as readonly string[]).includes(value)) {
    throw invalidParam(
      param,
      `Invalid value: '${value}'. Supported values are: ${quoteList(values)}.`,
      'invalid_value',
    );
  }
  return value as T;
}

/** The integer query parameter `limit` (0..100). */
export function limitParam(query: Record<string, string>, fallback: number): number {
  const raw = query['limit'];
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) {
    throw invalidParam('limit', `Invalid 'limit': expected an integer, but got '${raw}' instead.`, 'invalid_type');
  }
  const value = Number(raw);
  if (value < 0) {
    throw invalidParam(
      'limit',
      `Invalid 'limit': integer below minimum value. Expected a value >= 0, but got ${value} instead.`,
      'integer_below_min_value',
    );
  }
  if (value > 100) {
    throw invalidParam(
      'limit',
      `Invalid 'limit': integer above maximum value. Expected a value <= 100, but got ${value} instead.`,
      'integer_above_max_value',
    );
  }
  return value;
}

/** A reference to a video: `{ id }` (JSON or `video[id]`) or an uploaded file. */
export type VideoRef = { kind: 'id'; id: string } | { kind: 'file'; file: UploadedFile };

/** The required `video` parameter of edits and extensions. */
export function videoRefParam(params: Record<string, unknown>, allowFile: boolean): VideoRef {
  const value = params['video'];
  if (value === undefined) throw missing('video');
  if (value instanceof UploadedFile) {
    if (!allowFile) throw wrongType('video', 'an object', value);
    return { kind: 'file', file: value };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw wrongType('video', allowFile ? 'an object or a file' : 'an object', value);
  }
  const id = (value as Record<string, unknown>)['id'];
  if (id === undefined) throw missing('video.id');
  if (typeof id !== 'string' || id === '') throw wrongType('video.id', 'a non-empty string', id);
  return { kind: 'id', id };
}

/** Validates the optional `input_reference` of create: a file (multipart) or exactly one of image_url/file_id. */
export function inputReferenceParam(params: Record<string, unknown>, allowFile: boolean): void {
  const value = params['input_reference'];
  if (value === undefined) return;
  if (value instanceof UploadedFile) {
    if (!allowFile) throw wrongType('input_reference', 'an object', value);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw wrongType('input_reference', allowFile ? 'an object or a file' : 'an object', value);
  }
  const ref = value as Record<string, unknown>;
  const keys = ['image_url', 'file_id'].filter((key) => ref[key] !== undefined);
  if (keys.length !== 1) {
    throw invalidParam(
      'input_reference',
      "Invalid 'input_reference': provide exactly one of 'image_url' or 'file_id'.",
      'invalid_value',
    );
  }
  const key = keys[0]!;
  const ref0 = ref[key];
  if (typeof ref0 !== 'string' || ref0 === '') throw wrongType(`input_reference.${key}`, 'a non-empty string', ref0);
  if (key === 'image_url' && !/^(https?:\/\/|data:image\/)/i.test(ref0)) {
    throw invalidParam(
      'input_reference.image_url',
      "Invalid 'input_reference.image_url': expected a fully qualified URL or a base64-encoded data URL.",
      'invalid_value',
    );
  }
}
