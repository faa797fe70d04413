import { redactOptional, redactSecrets } from '../util/redact.js';

/** A message longer than this is cut (the whole text stays on `fullMessage`). */
export const MAX_MESSAGE_CHARS = 2048;
/** `fullMessage` keeps at most this much (error bodies are read up to 64 KiB anyway). */
export const MAX_FULL_MESSAGE_CHARS = 64 * 1024;

/** Brand that marks every sora-rx error, so guards work across duplicate module copies. */
const SORA_ERROR_BRAND = Symbol.for('sora-rx.error');

/** Fields every {@link SoraError} can be built with. */
export interface SoraErrorInit {
  /** Machine-readable code, e.g. `rate_limit_exceeded` or the API's `error.code`. */
  code?: string;
  /** Whether retrying the same request could succeed. */
  retryable?: boolean;
  /** The `x-request-id` of the response, when there was one. */
  requestId?: string;
  /** The upstream HTTP status, when a response was received. */
  status?: number;
  /** The HTTP status an application should answer with when it forwards this error. */
  statusCode?: number;
  /** The API's `error.type`, when the body carried one. */
  type?: string;
  /** The API's `error.param`, when the body carried one. */
  param?: string;
  /** The lower-level error. Never serialized with its raw fields. */
  cause?: unknown;
}

/** The plain, secret-free shape returned by {@link SoraError.toJSON}. */
export interface SoraErrorJSON {
  name: string;
  message: string;
  code: string;
  retryable: boolean;
  status?: number;
  statusCode: number;
  requestId?: string;
  type?: string;
  param?: string;
  cause?: { name: string; message: string; code?: string };
}

/**
 * Base class of every error sora-rx emits.
 *
 * @example
 * ```ts
 * sora.getVideoStatus('video_123').subscribe({
 *   error: (e) => {
 *     if (isSoraError(e)) res.status(e.statusCode).json(e.toJSON());
 *   },
 * });
 * ```
 */
export class SoraError extends Error {
  override readonly name: string = 'SoraError';
  readonly code: string;
  readonly retryable: boolean;
  readonly requestId: string | undefined;
  readonly status: number | undefined;
  readonly statusCode: number;
  readonly type: string | undefined;
  readonly param: string | undefined;
  /** The whole message (secret-free, at most 64 KiB) when `message` was cut at 2 KiB. Not enumerable. */
  declare readonly fullMessage: string;
  declare readonly cause: unknown;
  readonly [SORA_ERROR_BRAND] = true;

  constructor(message: string, init: SoraErrorInit = {}) {
    // Redact the whole text before any cut: a key spanning a cut would otherwise survive in part.
    const full = redactSecrets(String(message)).slice(0, MAX_FULL_MESSAGE_CHARS);
    super(full.length > MAX_MESSAGE_CHARS ? `${full.slice(0, MAX_MESSAGE_CHARS)}… (cut; see fullMessage)` : full);
    Object.defineProperty(this, 'fullMessage', { value: full, enumerable: false, configurable: true });
    // Every string below may come from a response (a server can echo the key in any of them).
    this.code = init.code === undefined ? 'sora_error' : redactSecrets(String(init.code));
    this.retryable = init.retryable ?? false;
    this.requestId = redactOptional(init.requestId);
    this.status = init.status;
    this.statusCode = init.statusCode ?? init.status ?? 500;
    this.type = redactOptional(init.type);
    this.param = redactOptional(init.param);
    if (init.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: init.cause, enumerable: false, writable: false });
    }
  }

  /** A secret-free plain object, safe to log or send to a client. */
  toJSON(): SoraErrorJSON {
    const json: SoraErrorJSON = {
      name: this.name,
      message: this.message,
      code: this.code,
      retryable: this.retryable,
      statusCode: this.statusCode,
    };
    if (this.status !== undefined) json.status = this.status;
    if (this.requestId !== undefined) json.requestId = this.requestId;
    if (this.type !== undefined) json.type = this.type;
    if (this.param !== undefined) json.param = this.param;
    const cause = summarizeCause(this.cause);
    if (cause) json.cause = cause;
    return json;
  }
}

/** True for any error created by sora-rx (brand check, works across module copies). */
export function isSoraError(value: unknown): value is SoraError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SORA_ERROR_BRAND] === true;
}

function summarizeCause(cause: unknown): SoraErrorJSON['cause'] | undefined {
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as { code?: unknown }).code;
  return {
    name: cause.name,
    message: redactSecrets(cause.message),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
