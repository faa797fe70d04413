import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Observable } from 'rxjs';
import { MAX_TIMER_MS } from '../../config/defaults.js';
import { ConnectionError } from '../../errors/request-errors.js';
import { DownloadStalledError } from '../../errors/response-errors.js';
import { sanitizeCause } from '../../transport/map-error.js';
import { SoraError, isSoraError } from '../../errors/sora-error.js';
import type { DownloadDestination, DownloadProgress } from './types.js';

/** Progress is emitted at most once per this many bytes (plus the final value). */
export const PROGRESS_STEP_BYTES = 64 * 1024;
/** Write buffer of a file destination: fewer, larger writes (the response arrives in up to 1 MiB chunks). */
export const WRITE_BUFFER_BYTES = 1024 * 1024;

/**
 * Streams `body` into `destination` with backpressure (`stream/promises` `pipeline`), never holding the whole body
 * in memory. A path destination is written to `<dest>.<random>.part` in the same directory and renamed into place
 * only when complete; on error or unsubscribe the partial file is removed and `body` is destroyed. A `Writable`
 * destination is ended on success and destroyed on error (as `pipeline` does). Fewer bytes than `totalBytes`
 * errors with `ConnectionError` (`phase: 'transfer'`, code `truncated_body`), never a short file. No body bytes
 * for `idleTimeoutMs` (while the destination is not holding the body back) destroys the body and errors with
 * `DownloadStalledError`. A destination that fails errors with code `download_write_failed` (not retryable).
 *
 * @example
 * ```ts
 * streamToDestination(res.data, 1_000_000, 'out.mp4').subscribe((p) => console.log(p.bytesWritten, p.done));
 * ```
 */
export function streamToDestination(
  body: Readable,
  totalBytes: number | undefined,
  destination: DownloadDestination,
  idleTimeoutMs = 0,
): Observable<DownloadProgress> {
  return new Observable<DownloadProgress>((subscriber) => {
    const ac = new AbortController();
    const path = typeof destination === 'string' ? destination : undefined;
    const tmp = path === undefined ? undefined : `${path}.${randomBytes(6).toString('hex')}.part`;
    let bytes = 0;
    let lastEmitted = 0;
    let settled = false;
    let idle: ReturnType<typeof setTimeout> | undefined;
    if (idleTimeoutMs > 0 && Number.isFinite(idleTimeoutMs)) {
      const ms = Math.min(idleTimeoutMs, MAX_TIMER_MS);
      const check = (): void => {
        // A paused body is the destination's backpressure (a slow disk), not a silent server.
        if (body.isPaused()) idle = setTimeout(check, ms);
        else body.destroy(new DownloadStalledError(idleTimeoutMs, bytes));
      };
      idle = setTimeout(check, ms);
    }
    let sinkError: unknown;
    // Count with a 'data' listener next to the pipe instead of a Transform hop: one less stream per chunk.
    body.on('data', (chunk: Buffer) => {
      idle?.refresh();
      bytes += chunk.length;
      if (bytes - lastEmitted >= PROGRESS_STEP_BYTES) {
        lastEmitted = bytes;
        subscriber.next({ bytesWritten: bytes, totalBytes, done: false });
      }
    });
    const sink =
      tmp === undefined
        ? (destination as Exclude<DownloadDestination, string>)
        : createWriteStream(tmp, { flags: 'wx', highWaterMark: WRITE_BUFFER_BYTES });
    // `pipeline` destroys the sink with the body's failure too (its error, or a premature close): an error is the
    // sink's own only while the body is still alive or after it ended normally. (Registered before `pipeline`'s.)
    sink.once('error', (error: unknown) => {
      if (!body.destroyed || body.readableEnded) sinkError ??= error;
    });
    pipeline(body, sink, { signal: ac.signal })
      .finally(() => clearTimeout(idle))
      .then(async () => {
        if (totalBytes !== undefined && bytes !== totalBytes) throw truncated(bytes, totalBytes);
        if (tmp !== undefined && path !== undefined) await rename(tmp, path);
        settled = true;
        subscriber.next({ bytesWritten: bytes, totalBytes, done: true, ...(path === undefined ? {} : { path }) });
        subscriber.complete();
      })
      .catch(async (err: unknown) => {
        settled = true;
        if (tmp !== undefined) await removePartFile(sink, tmp);
        const sinkFailed = sinkError !== undefined;
        if (!ac.signal.aborted)
          subscriber.error(sinkFailed ? writeError(sinkError) : downloadError(err, bytes, totalBytes));
      });
    return () => {
      clearTimeout(idle);
      if (settled) return;
      ac.abort();
      body.destroy();
    };
  });
}

/** Longest wait for a failed `.part` stream to close before its file is removed anyway. */
const PART_CLOSE_WAIT_MS = 5_000;

/**
 * Removes the `.part` file once its write stream has closed: a stream destroyed while its `open` is still pending
 * creates the file after the destroy, so removing it earlier could leave it behind.
 */
async function removePartFile(sink: Writable, tmp: string): Promise<void> {
  if (!sink.closed) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, PART_CLOSE_WAIT_MS);
      sink.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  await rm(tmp, { force: true }).catch(() => undefined);
}

function truncated(bytes: number, totalBytes: number, cause?: unknown): ConnectionError {
  return new ConnectionError(`Download truncated: received ${bytes} of ${totalBytes} bytes`, {
    phase: 'transfer',
    code: 'truncated_body',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The destination failed: not retryable (a restart would fail the same way, and a Writable's bytes are gone). */
function writeError(err: unknown): SoraError {
  const message = err instanceof Error ? err.message : String(err);
  return new SoraError(`Could not write the download: ${message}`, {
    code: 'download_write_failed',
    retryable: false,
    cause: sanitizeCause(err),
  });
}

function downloadError(err: unknown, bytes: number, totalBytes: number | undefined): SoraError {
  if (isSoraError(err)) return err;
  if (isFsError(err)) return writeError(err);
  if (totalBytes !== undefined && bytes < totalBytes) return truncated(bytes, totalBytes, err);
  return new ConnectionError(`Download failed: ${(err as Error)?.message ?? String(err)}`, {
    phase: 'transfer',
    cause: err,
  });
}

function isFsError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && typeof (err as { syscall?: unknown }).syscall === 'string';
}
