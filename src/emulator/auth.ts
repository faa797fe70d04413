import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './errors.js';

const MISSING_KEY_MESSAGE =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
  '(i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.';

/** Masks a key like the API does in its 401 message: first 3 and last 4 characters kept. */
export function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 40))}${key.slice(-4)}`;
}

/** The key a request carries: `Authorization: Bearer <key>` or Azure-style `api-key: <key>`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S.*)$/i.exec(authorization.trim());
    if (match !== null) return match[1]!.trim();
  }
  const apiKey = headers['api-key'];
  return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : undefined;
}

/** Throws the API's 401 when the key is missing, or differs from `expected` (unless `expected` is null). */
export function checkAuth(headers: IncomingHttpHeaders, expected: string | null): void {
  const key = presentedKey(headers);
  if (key === undefined) {
    throw new ApiError(401, { message: MISSING_KEY_MESSAGE, type: 'invalid_request_error', param: null, code: null });
  }
  if (expected !== null && key !== expected) {
    throw new ApiError(401, {
      message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
  }
}
