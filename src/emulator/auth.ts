import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './errors.js';

const HOW_TO_PASS =
  "send the key this emulator was started with as 'Authorization: Bearer <key>' (OPENAI_API_KEY=<key> for " +
  "sora-rx and the OpenAI SDK) or as an 'api-key: <key>' header, or start the emulator without a key to accept " +
  'requests without one.';

const MISSING_KEY_MESSAGE = `You didn't provide an API key. This Sora emulator checks keys: ${HOW_TO_PASS}`;

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

/**
 * With `expected` null (the default) every request passes, with or without a key: the emulator is a loopback tool
 * and keyless clients are the normal case. With a key, a missing or different key gets the API's 401 (its message
 * says how to pass the emulator's key; the key itself is never echoed).
 */
export function checkAuth(headers: IncomingHttpHeaders, expected: string | null): void {
  if (expected === null) return;
  const key = presentedKey(headers);
  if (key === undefined) {
    throw new ApiError(401, { message: MISSING_KEY_MESSAGE, type: 'invalid_request_error', param: null, code: null });
  }
  if (key !== expected) {
    throw new ApiError(401, {
      message: `Incorrect API key provided: ${maskKey(key)}. This Sora emulator checks keys: ${HOW_TO_PASS}`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
  }
}
