import {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
} from './api-errors.js';
import type { SoraError } from './sora-error.js';
import { parseRetryAfterMs } from './retry-after.js';

/** What {@link errorFromResponse} needs of an HTTP response. */
export interface ErrorResponseLike {
  status: number;
  headers: Readonly<Record<string, string>>;
  data: unknown;
}

/** Parses the OpenAI error envelope `{ error: { message, type, param, code } }`. */
export function parseErrorEnvelope(data: unknown): { message?: string; type?: string; param?: string; code?: string } {
  const body = typeof data === 'string' ? tryParseJson(data) : data;
  if (typeof body !== 'object' || body === null) return {};
  const inner = (body as { error?: unknown }).error;
  if (typeof inner !== 'object' || inner === null) return {};
  const pick = (k: string): string | undefined => {
    const v = (inner as Record<string, unknown>)[k];
    return typeof v === 'string' ? v : undefined;
  };
  return { message: pick('message'), type: pick('type'), param: pick('param'), code: pick('code') };
}

/**
 * Builds the typed error for a non-2xx response, like the official SDK's `APIError.generate`.
 *
 * @example
 * ```ts
 * errorFromResponse({ status: 404, headers: {}, data: { error: { message: 'No video' } } }) // NotFoundError
 * ```
 */
export function errorFromResponse(res: ErrorResponseLike, now: () => number = Date.now): SoraError {
  const env = parseErrorEnvelope(res.data);
  const message = `${res.status} ${env.message ?? describeBody(res.data)}`;
  const init: ApiErrorInit = {
    status: res.status,
    statusCode: res.status,
    requestId: res.headers['x-request-id'],
    code: env.code ?? `http_${res.status}`,
    type: env.type,
    param: env.param,
    headers: res.headers,
  };
  switch (res.status) {
    case 400:
      return new BadRequestError(message, init);
    case 401:
      return new AuthenticationError(message, init);
    case 403:
      return new PermissionDeniedError(message, init);
    case 404:
      return new NotFoundError(message, init);
    case 409:
      return new ConflictError(message, { ...init, retryable: true });
    case 422:
      return new UnprocessableEntityError(message, init);
    case 429:
      return new RateLimitError(message, {
        ...init,
        retryable: true,
        retryAfterMs: parseRetryAfterMs(res.headers, now),
      });
    case 503:
      return new ServiceUnavailableError(message, { ...init, reason: 'unavailable' });
    default:
      if (res.status >= 500) return new InternalServerError(message, { ...init, retryable: true });
      return new ApiError(message, { ...init, retryable: res.status === 408 });
  }
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeBody(data: unknown): string {
  if (data === undefined || data === null || data === '') return 'status code (no body)';
  if (typeof data === 'string') return data.slice(0, 200);
  return 'error';
}
