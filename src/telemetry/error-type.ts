import { isSoraError } from '../errors/sora-error.js';
import { ERROR_TYPE_VALUE_OTHER } from './semconv.js';

/** True for a deliberate cancellation, which telemetry does not count as an error. */
export function isCancellation(error: unknown): boolean {
  return error instanceof Error && (error.name === 'CancelledError' || error.name === 'CanceledError');
}

/**
 * A low-cardinality `error.type`: the HTTP status as a string (`'503'`), `timeout`, a system error code such as
 * `ECONNRESET` (from the error's cause), the sora-rx error class name, or `_OTHER`.
 */
export function errorType(error: unknown): string {
  if (!isSoraError(error)) return ERROR_TYPE_VALUE_OTHER;
  if (error.code === 'invalid_json') return 'invalid_json';
  if (typeof error.status === 'number') return String(error.status);
  if (error.name === 'TimeoutError') return 'timeout';
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z0-9_]{2,30}$/.test(code)) return code;
  return error.name;
}

/** The HTTP status an error carries, if any. */
export function errorStatus(error: unknown): number | undefined {
  return isSoraError(error) ? error.status : undefined;
}
