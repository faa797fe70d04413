import { CommanderError } from 'commander';
import {
  AmbiguousRequestError,
  AuthenticationError,
  CancelledError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  ValidationError,
  VideoGenerationFailedError,
  isSoraError,
} from '../index.js';

/** Exit codes of `sora-rx`. */
export const ExitCode = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** A usage problem found by the CLI itself (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What the user should do about `error`, or undefined when there is nothing useful to say. */
export function hintFor(error: unknown): string | undefined {
  if (error instanceof RateLimitError) {
    const s = error.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return s === undefined ? 'wait a little: rate limited' : `wait ${s} s: rate limited`;
  }
  if (error instanceof AuthenticationError && error.code === 'missing_api_key') {
    return 'export OPENAI_API_KEY=... (or drop --base-url to use the embedded emulator)';
  }
  if (error instanceof AuthenticationError) return 'set OPENAI_API_KEY (or check that it is valid)';
  if (error instanceof PermissionDeniedError) return 'check that your key has access to the Videos API';
  if (error instanceof NotFoundError) return 'check the video id (sora-rx list shows yours)';
  if (error instanceof VideoGenerationFailedError) return 'change the prompt and try again';
  if (error instanceof TimeoutError) return 'try again, or raise --timeout-ms';
  if (error instanceof AmbiguousRequestError) return 'run sora-rx list to see whether the job was created';
  if (error instanceof ConnectionError) return 'check the network and --base-url';
  if (error instanceof ValidationError || error instanceof UsageError) return 'see sora-rx --help';
  if (error instanceof CancelledError) return undefined;
  if (isSoraError(error) && error.retryable) return 'try again in a moment';
  return undefined;
}

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (error instanceof UsageError || error instanceof ValidationError) return ExitCode.usage;
  return ExitCode.failure;
}

/** Structured description of an error: what failed, the request id, and what to do. */
export interface ErrorReport {
  name: string;
  message: string;
  code?: string;
  status?: number;
  requestId?: string;
  hint?: string;
}

/** Builds the {@link ErrorReport} of `error` (no stack, no secrets: sora-rx errors are redacted at creation). */
export function reportFor(error: unknown, action?: string): ErrorReport {
  const base = error instanceof Error ? error : new Error(String(error));
  const message = action ? `${action} failed: ${base.message}` : base.message;
  const report: ErrorReport = { name: base.name, message };
  if (isSoraError(error)) {
    report.code = error.code;
    if (error.status !== undefined) report.status = error.status;
    if (error.requestId !== undefined) report.requestId = error.requestId;
  }
  const hint = hintFor(error);
  if (hint !== undefined) report.hint = hint;
  return report;
}

/**
 * One line for stderr: `error: <action> failed: <message> (request req_123) - <hint>`.
 *
 * @example formatErrorLine(new NotFoundError(...), 'status') // "error: status failed: ... - check the video id"
 */
export function formatErrorLine(error: unknown, action?: string): string {
  const r = reportFor(error, action);
  const parts = [`error: ${r.message.replace(/\s*\n\s*/g, ' ')}`];
  if (r.requestId !== undefined) parts.push(`(request ${r.requestId})`);
  let line = parts.join(' ');
  if (r.hint !== undefined) line += ` - ${r.hint}`;
  return line;
}
