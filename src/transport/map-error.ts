import { InternalServerError } from '../errors/api-errors.js';
import { ConnectionError } from '../errors/request-errors.js';
import { SoraError } from '../errors/sora-error.js';
import { redactSecrets } from '../util/redact.js';

/** Error codes meaning the request never reached the server: safe to resend. */
const CONNECT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
  'ECONNABORTED',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Error codes meaning the connection broke after the request may have been sent. */
const TRANSFER_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'EPIPE',
  'ERR_BAD_RESPONSE',
  'ERR_NETWORK',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

/** Node's errors for a request it refused to send (bad header, bad URL): nothing reached the server. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_HTTP_INVALID_HEADER_VALUE',
  'ERR_INVALID_URL',
  'ERR_UNESCAPED_CHARACTERS',
  'ERR_INVALID_PROTOCOL',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
]);

/** A secret-free stand-in for a low-level error: name, message and code only (no config, headers or sockets). */
export function sanitizeCause(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(redactSecrets(String(error)));
  const safe = new Error(redactSecrets(error.message));
  safe.name = error.name;
  const code = errorCode(error);
  if (code) Object.assign(safe, { code });
  return safe;
}

/** The first `code` found on the error, its `cause`, or the first of an `AggregateError`'s errors. */
export function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_BAD_REQUEST') return code;
    const nested = (current as { errors?: unknown[] }).errors;
    current = Array.isArray(nested) && nested.length > 0 ? nested[0] : (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps a network-level failure (no HTTP response) to a typed error: `ConnectionError` with phase `connect`
 * (refused, DNS, unreachable) or `transfer` (reset, broken pipe, truncated body, a response Node could not parse,
 * e.g. `HPE_HEADER_OVERFLOW`: code `invalid_http_response`); a request Node refused to send (bad header or URL)
 * becomes a non-retryable `SoraError` with code `request_not_sent`; anything else one with code `request_failed`
 * (for a POST that is ambiguous: see `classifyFailure`). Messages never contain the API key.
 *
 * @example
 * ```ts
 * mapNetworkError(Object.assign(new Error('Parse Error: Header overflow'), { code: 'HPE_HEADER_OVERFLOW' }));
 * // ConnectionError { phase: 'transfer', code: 'invalid_http_response' }
 * ```
 */
export function mapNetworkError(error: unknown): SoraError {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const cause = sanitizeCause(error);
  if (code && CONNECT_CODES.has(code)) {
    return new ConnectionError(`Connection failed (${code}): ${message}`, { phase: 'connect', cause });
  }
  if (code?.startsWith('HPE_')) {
    // The server answered something Node could not parse (a 100 KB header, a broken status line): it was sent.
    return new ConnectionError(`Invalid HTTP response (${code}): ${message}`, {
      phase: 'transfer',
      code: 'invalid_http_response',
      cause,
    });
  }
  if (code && NOT_SENT_CODES.has(code)) {
    return new SoraError(`Request not sent (${code}): ${message}`, { code: 'request_not_sent', cause });
  }
  if ((code && TRANSFER_CODES.has(code)) || /socket hang up|aborted|premature/i.test(message)) {
    return new ConnectionError(`Connection broken (${code ?? 'transfer'}): ${message}`, {
      phase: 'transfer',
      cause,
    });
  }
  return new SoraError(`Request failed: ${message}`, { code: 'request_failed', retryable: false, cause });
}

/** A 2xx response whose body was not valid JSON: retryable, with code `invalid_json`. */
export function invalidJsonError(status: number, headers: Readonly<Record<string, string>>): SoraError {
  return new InternalServerError(`${status} response body is not valid JSON`, {
    status,
    statusCode: 502,
    code: 'invalid_json',
    retryable: true,
    requestId: headers['x-request-id'],
    headers,
  });
}
