import { SoraError, type SoraErrorInit } from './sora-error.js';
import { ServiceUnavailableError } from './api-errors.js';

/** An attempt got no response in time (per-attempt timeout or the operation's deadline). */
export class TimeoutError extends ServiceUnavailableError {
  override readonly name: string = 'TimeoutError';
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, init: SoraErrorInit = {}) {
    super(`Request timed out after ${timeoutMs} ms`, { code: 'timeout', statusCode: 504, ...init, reason: 'timeout' });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The connection failed. `phase: 'connect'` means the request never reached the server (refused, DNS),
 * so it is safe to resend; `phase: 'transfer'` means it may have been processed.
 */
export class ConnectionError extends SoraError {
  override readonly name: string = 'ConnectionError';
  /** Where the failure happened. */
  readonly phase: 'connect' | 'transfer';
  constructor(message: string, init: SoraErrorInit & { phase?: 'connect' | 'transfer' } = {}) {
    super(message, { code: 'connection_error', statusCode: 502, retryable: true, ...init });
    this.phase = init.phase ?? 'transfer';
  }
}

/**
 * The caller cancelled: an aborted `AbortSignal` (code `cancelled`), or the client was closed while the
 * operation ran or before it started (code `client_closed`). Never retried.
 *
 * @example
 * ```ts
 * new CancelledError('The client was closed', { code: 'client_closed' }).code; // 'client_closed'
 * ```
 */
export class CancelledError extends SoraError {
  override readonly name: string = 'CancelledError';
  constructor(message = 'Request was cancelled', init: SoraErrorInit = {}) {
    super(message, { code: 'cancelled', statusCode: 499, retryable: false, ...init });
  }
}

/**
 * A non-idempotent request (POST) failed in a way that does not tell whether the server processed it
 * (timeout after the body was sent, connection reset, a 5xx). It is not resent blindly; `cause` holds
 * the failure. `createVideo` reconciles it by listing recent videos before it sends again.
 */
export class AmbiguousRequestError extends SoraError {
  override readonly name: string = 'AmbiguousRequestError';
  constructor(cause: SoraError) {
    super(`${cause.message} (the request may have been processed; it was not resent)`, {
      code: 'ambiguous_request',
      retryable: false,
      statusCode: cause.statusCode,
      status: cause.status,
      requestId: cause.requestId,
      cause,
    });
  }
}
