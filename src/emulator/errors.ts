/** The API error envelope and the errors the handlers throw. */

/** The inner object of the API's error envelope. */
export interface ErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** An error that becomes an HTTP response with the API's envelope. */
export class ApiError extends Error {
  /** HTTP status to send. */
  readonly status: number;
  /** The inner envelope object. */
  readonly body: ErrorBody;
  /** Extra response headers. */
  readonly headers: Record<string, string>;

  constructor(status: number, body: ErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** 400 `invalid_request_error` naming the offending parameter. */
export function invalidParam(param: string | null, message: string, code: string | null = null): ApiError {
  return new ApiError(400, { message, type: 'invalid_request_error', param, code });
}

/** 404 for an unknown id. */
export function notFound(message: string, param: string | null = null): ApiError {
  return new ApiError(404, { message, type: 'invalid_request_error', param, code: null });
}

/** 404 for an unknown route or method, as the API words it. */
export function invalidUrl(method: string, path: string): ApiError {
  return new ApiError(404, {
    message: `Invalid URL (${method} ${path})`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  });
}

const TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  404: 'invalid_request_error',
  409: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'requests',
};

/** A plausible default envelope for a status (used by `status` faults without a body). */
export function defaultErrorBody(status: number): ErrorBody {
  if (status === 429) {
    return {
      message: 'Rate limit reached for requests. Please try again later.',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    };
  }
  if (status >= 500) {
    return {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    };
  }
  return {
    message: `Emulated error with status ${status}.`,
    type: TYPE_BY_STATUS[status] ?? 'invalid_request_error',
    param: null,
    code: null,
  };
}

/** Serializes an envelope `{ error: {...} }`. */
export function envelope(body: ErrorBody): string {
  return JSON.stringify({ error: body });
}
