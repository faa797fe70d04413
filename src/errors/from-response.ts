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
import {
  MAX_ERROR_BODY_CHARS,
  MAX_ERROR_MESSAGE_CHARS,
  bodyText,
  cut,
  parseErrorBody,
  textPreview,
} from './error-body.js';
import type { SoraError } from './sora-error.js';
import { parseRetryAfterMs } from './retry-after.js';
import { redactSecrets } from '../util/redact.js';

/** What {@link errorFromResponse} needs of an HTTP response. */
export interface ErrorResponseLike {
  status: number;
  headers: Readonly<Record<string, string>>;
  data: unknown;
  /** The URL that answered, to resolve a relative redirect `Location`. */
  url?: string;
}

/**
 * Parses an error body in any dialect sora-rx knows (see `parseErrorBody`): the OpenAI envelope, `{ error:
 * string }`, problem+json, FastAPI `detail`. `code` is always a string.
 *
 * @example
 * ```ts
 * parseErrorEnvelope('{"error":{"message":"No video","code":404}}'); // { message: 'No video', code: '404' }
 * ```
 */
export function parseErrorEnvelope(data: unknown): { message?: string; type?: string; param?: string; code?: string } {
  return parseErrorBody(data);
}

/**
 * Builds the typed error for a non-2xx response, like the official SDK's `APIError.generate`: the class follows
 * the HTTP status whatever the body says; the message is `<status> <what the body says>` (a text or HTML body
 * contributes its first 200 characters), cut to 2 KiB; the uncut message and the raw body stay on the error as
 * `fullMessage` and `body` (at most 64 KiB each, not enumerable). `code` is the body's code as a string, else
 * `http_<status>`. A 3xx (JSON requests follow no redirect) names the host it pointed to, code
 * `redirect_not_followed`.
 *
 * @example
 * ```ts
 * errorFromResponse({ status: 404, headers: {}, data: { error: { message: 'No video' } } }) // NotFoundError
 * ```
 */
export function errorFromResponse(res: ErrorResponseLike, now: () => number = Date.now): SoraError {
  const env = parseErrorBody(res.data);
  const redirect = res.status >= 300 && res.status < 400 ? redirectHost(res) : undefined;
  const said =
    redirect !== undefined
      ? `redirect to ${redirect} not followed (only content downloads follow redirects)`
      : (env.message ?? describeBody(res.data));
  // Redact the whole text before it is cut (a key spanning the cut would otherwise survive in part).
  const full = redactSecrets(`${res.status} ${said}`);
  const message = cut(full, MAX_ERROR_MESSAGE_CHARS);
  const init: ApiErrorInit = {
    status: res.status,
    statusCode: res.status,
    requestId: res.headers['x-request-id'],
    code: redirect !== undefined ? 'redirect_not_followed' : (env.code ?? `http_${res.status}`),
    type: env.type,
    param: env.param,
    headers: res.headers,
    body: bodyText(res.data),
    fullMessage: full.slice(0, MAX_ERROR_BODY_CHARS),
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

function redirectHost(res: ErrorResponseLike): string {
  const location = res.headers['location'];
  if (location === undefined || location === '') return 'an unknown location (no Location header)';
  try {
    return new URL(location, res.url).host;
  } catch {
    return cut(redactSecrets(location), 200);
  }
}

function describeBody(data: unknown): string {
  if (data === undefined || data === null || data === '') return 'status code (no body)';
  if (typeof data === 'string') return textPreview(data) ?? 'status code (no body)';
  return 'error';
}
