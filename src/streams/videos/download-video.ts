import { Observable, retry, switchMap, throwError, timer } from 'rxjs';
import type { Readable } from 'node:stream';
import type { RetryOptions } from '../../config/options.js';
import { DEFAULT_IDLE_TIMEOUT_MS } from '../../config/defaults.js';
import { InternalServerError } from '../../errors/api-errors.js';
import { parseErrorEnvelope } from '../../errors/from-response.js';
import { ConnectionError } from '../../errors/request-errors.js';
import { readErrorBody } from '../../transport/read-body.js';
import type { HttpResponse } from '../../transport/types.js';
import { ValidationError } from '../../errors/validation-error.js';
import { computeBackoffMs } from '../operators/backoff.js';
import type { OperationScope, SoraRuntime } from '../runtime-types.js';
import { streamToDestination } from './stream-to-destination.js';
import type { DownloadDestination, DownloadProgress, DownloadVideoOptions, VideoContentVariant } from './types.js';
import { checkVariant, encodeId } from './validate.js';
import { validated } from './validated.js';

/**
 * `Accept` of a content download: the SDK's `application/binary` first, then the media types the spec lists for
 * the variants (a server that negotiates, such as a spec mock, answers 406 to `application/binary` alone).
 */
export const CONTENT_ACCEPT = 'application/binary, video/mp4, image/webp, application/octet-stream, */*;q=0.5';

/**
 * `GET /videos/{id}/content?variant=`: streams the asset to a file path or a Node `Writable` with backpressure and
 * emits `{ bytesWritten, totalBytes, done }` progress (at most every 64 KiB, plus a final `done: true`).
 *
 * - A path is written atomically: `<dest>.<random>.part` in the same directory, renamed when complete, removed on
 *   error or unsubscribe (the response stream is destroyed too).
 * - A body shorter than `Content-Length` errors with `ConnectionError` (`code: 'truncated_body'`). For a path
 *   destination, a transfer that breaks (truncated or reset mid-body) is restarted from scratch, up to `maxRetries`
 *   times with backoff, since the partial file is removed first; a `Writable` destination is never restarted (its
 *   bytes are already gone).
 * - Timeouts and retries apply until the response headers arrive; the HTTP attempt's span ends at the headers
 *   (the runtime's rule). After that, `idleTimeoutMs` (client option, default 30 s) bounds every silence between
 *   body chunks: a stall errors with `DownloadStalledError` (retryable, restarted like a broken transfer), while a
 *   slow destination (backpressure) never counts as a stall. `signal` / `cancel$` / unsubscribing end it too.
 * - A 2xx answered with a JSON body (a gateway's error envelope) is read (at most 64 KiB) and errors with
 *   `InternalServerError` (code from the envelope, else `unexpected_json_body`); nothing is written.
 * - A destination that fails (a full disk, a user `Writable` that errors) errors with code `download_write_failed`
 *   and is never restarted.
 *
 * @example
 * ```ts
 * downloadVideo(runtime, 'video_123', { destination: './fox.mp4', variant: 'video' })
 *   .subscribe((p) => console.log(`${p.bytesWritten}/${p.totalBytes ?? '?'}`));
 * ```
 */
export function downloadVideo(
  runtime: SoraRuntime,
  id: string,
  options: DownloadVideoOptions,
): Observable<DownloadProgress> {
  return validated(
    () => ({
      encoded: encodeId(id, 'id'),
      variant: checkVariant(options?.variant),
      destination: checkDestination(options?.destination),
    }),
    ({ encoded, variant, destination }) =>
      runtime.operation(
        'downloadVideo',
        options,
        (scope) =>
          downloadInScope(
            scope,
            encoded,
            variant,
            destination,
            transferRetry(runtime.config.retry, options?.maxRetries, runtime.config.idleTimeoutMs),
          ),
        {
          'sora.video.id': id,
          'sora.video.variant': variant ?? 'video',
        },
      ),
  );
}

/** How a broken body transfer is restarted: the client's backoff with the call's retry count (and its stall bound). */
export type TransferRetry = Pick<
  Required<RetryOptions>,
  'maxRetries' | 'initialDelayMs' | 'multiplier' | 'maxDelayMs'
> & {
  /** Longest silence between body chunks, in ms. @default 30000 */
  idleTimeoutMs?: number;
};

/**
 * The {@link TransferRetry} of a call: the client's backoff, and the call's `maxRetries` when it set one.
 *
 * @example
 * ```ts
 * transferRetry(runtime.config.retry, options?.maxRetries);
 * ```
 */
export function transferRetry(
  retry: Readonly<Required<RetryOptions>>,
  maxRetries?: number,
  idleTimeoutMs: number = DEFAULT_IDLE_TIMEOUT_MS,
): TransferRetry {
  return { ...retry, maxRetries: maxRetries ?? retry.maxRetries, idleTimeoutMs };
}

/**
 * The download of {@link downloadVideo} inside an operation (used by `generateVideo` too). `encodedId` is already
 * validated and percent-encoded.
 *
 * @example
 * ```ts
 * runtime.operation('downloadVideo', undefined, (scope) => downloadInScope(scope, 'video_1', 'video', 'out.mp4'));
 * ```
 */
export function downloadInScope(
  scope: OperationScope,
  encodedId: string,
  variant: VideoContentVariant | undefined,
  destination: DownloadDestination,
  restart: TransferRetry = { maxRetries: 0, initialDelayMs: 0, multiplier: 1, maxDelayMs: 0 },
): Observable<DownloadProgress> {
  const idleTimeoutMs = restart.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const attempt$ = scope
    .send<Readable>({
      method: 'GET',
      path: `/videos/${encodedId}/content`,
      pathTemplate: '/videos/{video_id}/content',
      query: { variant },
      headers: { accept: CONTENT_ACCEPT, 'accept-encoding': 'identity' },
      responseType: 'stream',
    })
    .pipe(
      switchMap((res) =>
        isJson(res.headers)
          ? jsonInsteadOfMedia(res)
          : streamToDestination(res.data, contentLength(res.headers), destination, idleTimeoutMs),
      ),
    );
  if (typeof destination !== 'string' || restart.maxRetries <= 0) return attempt$;
  return attempt$.pipe(
    retry({
      count: restart.maxRetries,
      delay: (error: unknown, retryNumber: number) => {
        if (!(error instanceof ConnectionError) || error.phase !== 'transfer') return throwError(() => error);
        const delayMs = computeBackoffMs(retryNumber, restart);
        scope.logger.warn(
          { retryNumber, delayMs: Math.round(delayMs), code: error.code },
          'downloadVideo: transfer broke, restarting the download',
        );
        return timer(delayMs, scope.scheduler);
      },
    }),
  );
}

/**
 * Validates a download destination: a non-empty path or a Node `Writable`.
 *
 * @example
 * ```ts
 * checkDestination('out.mp4', 'destination'); // 'out.mp4'
 * ```
 */
export function checkDestination(value: unknown, field = 'destination'): DownloadDestination {
  if (typeof value === 'string') {
    if (value.trim().length === 0) throw new ValidationError(field, 'must not be empty');
    return value;
  }
  if (typeof value === 'object' && value !== null && typeof (value as { write?: unknown }).write === 'function') {
    return value as DownloadDestination;
  }
  throw new ValidationError(field, 'is required: a file path or a Node Writable');
}

/** A JSON content type (`application/json`, `application/problem+json`, …) on what should be media. */
function isJson(headers: Readonly<Record<string, string>>): boolean {
  const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json') || type === 'text/json';
}

/** Reads the (bounded) JSON body of a 2xx content response and errors with what it says; nothing is written. */
function jsonInsteadOfMedia(res: HttpResponse<Readable>): Observable<never> {
  const read$ = new Observable<string>((subscriber) => {
    readErrorBody(res.data, { status: res.status, requestId: res.headers['x-request-id'] }).then(
      (text) => {
        subscriber.next(text);
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => res.data.destroy();
  });
  return read$.pipe(
    switchMap((text) => {
      const envelope = parseErrorEnvelope(text);
      const detail = envelope.message ?? 'the body is JSON, not media';
      return throwError(
        () =>
          new InternalServerError(`${res.status} content response is JSON, not the asset: ${detail}`, {
            status: res.status,
            statusCode: 502,
            code: envelope.code ?? 'unexpected_json_body',
            type: envelope.type,
            requestId: res.headers['x-request-id'],
            headers: res.headers,
            retryable: false,
          }),
      );
    }),
  );
}

function contentLength(headers: Readonly<Record<string, string>>): number | undefined {
  const raw = headers['content-length'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
