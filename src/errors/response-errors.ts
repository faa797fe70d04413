import { ConnectionError } from './request-errors.js';
import { SoraError, type SoraErrorInit } from './sora-error.js';

/**
 * A response body grew past its bound (`maxResponseBytes` for JSON, 64 KiB for an error body), counted after
 * decompression. The socket was destroyed at the bound. Not retried; for a POST it is ambiguous (the server may
 * have processed the request), so `createVideo` reconciles. `status` is the response's HTTP status.
 *
 * @example
 * ```ts
 * sora.getVideoStatus(id).subscribe({ error: (e) => e instanceof ResponseTooLargeError && console.log(e.limitBytes) });
 * ```
 */
export class ResponseTooLargeError extends SoraError {
  override readonly name: string = 'ResponseTooLargeError';
  /** The bound that was exceeded, in bytes. */
  readonly limitBytes: number;
  constructor(limitBytes: number, init: SoraErrorInit = {}) {
    super(`Response body larger than ${limitBytes} bytes (after decompression); the connection was closed`, {
      code: 'response_too_large',
      statusCode: 502,
      retryable: false,
      ...init,
    });
    this.limitBytes = limitBytes;
  }
}

/**
 * A download received no body bytes for `idleTimeoutMs`. Retryable: a download to a path restarts from scratch
 * (the partial file is removed first), like any transfer that broke.
 *
 * @example
 * ```ts
 * sora.downloadVideo(id, { destination: 'out.mp4' }).subscribe({ error: (e) => e instanceof DownloadStalledError });
 * ```
 */
export class DownloadStalledError extends ConnectionError {
  override readonly name: string = 'DownloadStalledError';
  /** The idle bound that was exceeded, in milliseconds. */
  readonly idleTimeoutMs: number;
  constructor(idleTimeoutMs: number, bytesReceived: number) {
    super(`Download stalled: no data for ${idleTimeoutMs} ms after ${bytesReceived} bytes`, {
      phase: 'transfer',
      code: 'download_stalled',
      statusCode: 504,
    });
    this.idleTimeoutMs = idleTimeoutMs;
  }
}

/**
 * Pagination went round in circles: the server repeated a cursor (`last_id`) or a page already seen. The listing
 * errors once the repeat is detected, after emitting the videos of the pages before it.
 *
 * @example
 * ```ts
 * sora.listVideos().subscribe({ error: (e) => e instanceof PaginationLoopError && console.log(e.cursor) });
 * ```
 */
export class PaginationLoopError extends SoraError {
  override readonly name: string = 'PaginationLoopError';
  /** The repeated cursor (the `after` value), or the last id of the repeated page. */
  readonly cursor: string;
  constructor(cursor: string, what: 'cursor' | 'page') {
    super(`Pagination repeated a ${what} (${cursor}); stopped listing`, {
      code: 'pagination_loop',
      statusCode: 502,
      retryable: false,
    });
    this.cursor = cursor;
  }
}

/**
 * A listing fetched `maxPages` pages and the server still answered `has_more` with fresh cursors: the listing errors
 * instead of sending page `maxPages + 1`, after emitting the videos of the pages before it.
 *
 * @example
 * ```ts
 * sora.listVideos({ maxPages: 50 }).subscribe({ error: (e) => e instanceof PaginationLimitError && console.log(e.maxPages) });
 * ```
 */
export class PaginationLimitError extends SoraError {
  override readonly name: string = 'PaginationLimitError';
  /** The page bound that was reached. */
  readonly maxPages: number;
  constructor(maxPages: number) {
    super(`Pagination went past ${maxPages} pages (maxPages); stopped listing`, {
      code: 'pagination_limit',
      statusCode: 502,
      retryable: false,
    });
    this.maxPages = maxPages;
  }
}
