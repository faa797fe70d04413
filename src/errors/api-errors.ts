import { redactHeaders, redactSecrets } from '../util/redact.js';
import { MAX_FULL_MESSAGE_CHARS, SoraError, type SoraErrorInit } from './sora-error.js';

/** Fields of an error that came from an HTTP response. */
export interface ApiErrorInit extends SoraErrorInit {
  status: number;
  /** Response headers (lower-case keys); only used for derived fields, never serialized. */
  headers?: Readonly<Record<string, string>>;
  /** The raw response body as text (at most 64 KiB); kept on the error, never serialized. */
  body?: string;
  /** The message before it was cut to 2 KiB (at most 64 KiB); kept on the error, never serialized. */
  fullMessage?: string;
}

/** An HTTP error response from the API (any status without a more specific class). */
export class ApiError extends SoraError {
  override readonly name: string = 'ApiError';
  declare readonly status: number;
  /** Response headers (lower-case keys, secrets scrubbed). Not enumerable and never serialized. */
  declare readonly headers: Readonly<Record<string, string>>;
  /** The raw response body as text (at most 64 KiB, secrets redacted), when there was one. Not enumerable. */
  declare readonly body: string | undefined;
  /** The whole message when `message` was cut to 2 KiB (at most 64 KiB, secrets redacted). Not enumerable. */
  declare readonly fullMessage: string;
  constructor(message: string, init: ApiErrorInit) {
    super(message, { retryable: false, ...init });
    Object.defineProperty(this, 'headers', { value: scrubbedHeaders(init.headers), enumerable: false });
    const body = init.body === undefined ? undefined : redactSecrets(init.body).slice(0, MAX_FULL_MESSAGE_CHARS);
    Object.defineProperty(this, 'body', { value: body, enumerable: false });
    const full =
      init.fullMessage === undefined
        ? this.fullMessage
        : redactSecrets(init.fullMessage).slice(0, MAX_FULL_MESSAGE_CHARS);
    Object.defineProperty(this, 'fullMessage', { value: full, enumerable: false });
  }
}

/** 400: the API rejected the request's parameters. */
export class BadRequestError extends ApiError {
  override readonly name: string = 'BadRequestError';
}
/** 401: the API key is missing or wrong. */
export class AuthenticationError extends ApiError {
  override readonly name: string = 'AuthenticationError';
}
/** 403: the key may not use this model or resource. */
export class PermissionDeniedError extends ApiError {
  override readonly name: string = 'PermissionDeniedError';
}
/** 404: no such video, character or route. */
export class NotFoundError extends ApiError {
  override readonly name: string = 'NotFoundError';
}
/** 409: a conflicting operation is in progress; retried by default. */
export class ConflictError extends ApiError {
  override readonly name: string = 'ConflictError';
}
/** 422: the request was well-formed but could not be processed. */
export class UnprocessableEntityError extends ApiError {
  override readonly name: string = 'UnprocessableEntityError';
}
/** 429: rate limited or out of quota. `retryAfterMs` is the server's hint, when it sent one. */
export class RateLimitError extends ApiError {
  override readonly name: string = 'RateLimitError';
  /** How long the server asked to wait, in milliseconds (from `retry-after-ms` / `Retry-After`). */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: ApiErrorInit & { retryAfterMs?: number }) {
    super(message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** 5xx other than 503: the service failed. */
export class InternalServerError extends ApiError {
  override readonly name: string = 'InternalServerError';
}
/** 503 (or a timeout, see {@link TimeoutError}): the service is unavailable for now. */
export class ServiceUnavailableError extends SoraError {
  override readonly name: string = 'ServiceUnavailableError';
  /** Response headers (lower-case keys) of a 503; empty for a timeout. Not enumerable. */
  declare readonly headers: Readonly<Record<string, string>>;
  /** `unavailable` for a 503 response, `timeout` when no answer came in time. */
  readonly reason: 'unavailable' | 'timeout';
  constructor(
    message: string,
    init: SoraErrorInit & { reason?: 'unavailable' | 'timeout'; headers?: Readonly<Record<string, string>> } = {},
  ) {
    super(message, { statusCode: 503, retryable: true, ...init });
    this.reason = init.reason ?? 'unavailable';
    Object.defineProperty(this, 'headers', { value: scrubbedHeaders(init.headers), enumerable: false });
  }
}

/** Kept headers without the key a server may echo (in `x-request-id`, `Location`, …), frozen. */
function scrubbedHeaders(headers: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  if (!headers) return Object.freeze({});
  return Object.freeze(redactHeaders(headers) as Record<string, string>);
}
