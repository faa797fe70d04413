import type { Observable } from 'rxjs';

/** HTTP methods the Videos API uses. */
export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** A JSON body, or a multipart body built afresh for every attempt (so a retry never resends a consumed stream). */
export type HttpBody = { kind: 'json'; value: unknown } | { kind: 'multipart'; build: () => FormData };

/**
 * One HTTP request as the pipeline describes it. The transport adds the base URL, auth and default headers.
 */
export interface HttpRequest {
  method: HttpMethod;
  /** Path below the base URL, already encoded, e.g. `/videos/video_123`. */
  path: string;
  /** Low-cardinality template of the path for telemetry, e.g. `/videos/{video_id}`. */
  pathTemplate?: string;
  /** Query parameters; `undefined` values are left out. */
  query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Extra headers for this request (override the client's defaults). */
  headers?: Readonly<Record<string, string>>;
  body?: HttpBody;
  /** `json` (default) parses the body; `stream` hands back a Node `Readable` without buffering. */
  responseType?: 'json' | 'stream';
  /** The logical operation, e.g. `createVideo`; used in spans and logs. */
  operation?: string;
  /** 0 for the first attempt, then 1, 2, … (set by the pipeline). */
  resendCount?: number;
}

/** A successful (2xx) response. Header names are lower-case. */
export interface HttpResponse<T = unknown> {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or a Node `Readable` when `responseType` was `stream`. */
  data: T;
  /** The full URL that was requested (secrets redacted). */
  url: string;
}

/**
 * The seam between the pipeline and the network: a cold Observable per request. It emits one
 * {@link HttpResponse} for a 2xx and completes; any other status errors with the typed error from
 * `errorFromResponse`; network failures error with `ConnectionError`. Unsubscribing aborts the request.
 *
 * @example
 * ```ts
 * const transport: Transport = (req) => of({ status: 200, headers: {}, data: { id: 'video_1' }, url: req.path });
 * ```
 */
export type Transport = (request: HttpRequest) => Observable<HttpResponse>;
