/** Public types of the Sora emulator. The wire types mirror the Videos API (snake_case, as sent). */

/** A source of time in epoch milliseconds. */
export interface Clock {
  now(): number;
  /**
   * Optional: calls `listener` after every jump of a clock that moves in jumps (`ManualClock`), so work due at a
   * virtual time (webhook deliveries) runs at once. Returns the unsubscribe function.
   */
  onAdvance?(listener: () => void): () => void;
}

/** `VideoStatus` of the API. */
export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

/** The `error` of a failed video (`Error-2` in the spec). */
export interface VideoJobError {
  code: string;
  message: string;
}

/** The Video object as the API returns it (all 13 fields of `VideoResource`). */
export interface VideoResource {
  id: string;
  object: 'video';
  model: string;
  status: VideoStatus;
  progress: number;
  created_at: number;
  completed_at: number | null;
  expires_at: number | null;
  prompt: string | null;
  size: string;
  seconds: string;
  remixed_from_video_id: string | null;
  error: VideoJobError | null;
}

/** `VideoCharacterResource` of the API. */
export interface CharacterResource {
  id: string | null;
  name: string | null;
  created_at: number;
}

/** What a failing prompt gives: `true` uses the default `moderation_blocked` error. */
export type FailVerdict = boolean | VideoJobError;

/** Decides which prompts fail: a RegExp tested on the prompt, or a function. */
export type FailPrompts = RegExp | ((prompt: string) => FailVerdict);

/** Matches requests by method and path. A string path is relative to `/v1` and may use `*` for one segment. */
export interface FaultMatch {
  /** HTTP method, case-insensitive. Omitted: any method. */
  method?: string;
  /** `'/videos/*'`, `'/videos'`, or a RegExp tested on the path without `/v1`. Omitted: any path. */
  path?: string | RegExp;
  /** How many matching requests this fault applies to. @default 1 (ignored when `probability` is set) */
  times?: number;
  /** Apply to each matching request with this probability (0..1), forever, instead of `times`. */
  probability?: number;
}

/** Answer with this status instead of processing the request (nothing is created). */
export interface StatusFault extends FaultMatch {
  kind: 'status';
  status: number;
  /** Raw body (string, sent as-is) or an object sent as JSON. Default: the API error envelope for the status. */
  body?: string | Record<string, unknown>;
  /** Extra headers, e.g. `{ 'retry-after': '1' }` or `{ 'x-should-retry': 'false' }`. */
  headers?: Record<string, string>;
}

/** Wait `ms` before processing (so before the response headers), then answer normally. */
export interface LatencyFault extends FaultMatch {
  kind: 'latency';
  ms: number;
}

/** Send headers at once, then the body in small chunks, slowly. */
export interface SlowBodyFault extends FaultMatch {
  kind: 'slowBody';
  /** Delay between chunks. @default 50 */
  chunkDelayMs?: number;
  /** Bytes per chunk. @default 64, or derived from `bytesPerSecond` */
  chunkBytes?: number;
  /** Alternative to `chunkDelayMs`/`chunkBytes`: 10 chunks per second of `bytesPerSecond / 10` bytes. */
  bytesPerSecond?: number;
}

/** Destroy the socket: `before` processing (nothing happens) or `after` (e.g. the video IS created). */
export interface ResetFault extends FaultMatch {
  kind: 'reset';
  /** @default 'before' */
  when?: 'before' | 'after';
}

/** Announce the full Content-Length, send only `bytes` of the body, then destroy the socket. */
export interface TruncateFault extends FaultMatch {
  kind: 'truncate';
  /** @default half of the body */
  bytes?: number;
}

/** Process normally, but answer 200 with a JSON content type and a body that is not valid JSON. */
export interface MalformedJsonFault extends FaultMatch {
  kind: 'malformedJson';
}

/** Any fault `inject()` accepts. */
export type Fault = StatusFault | LatencyFault | SlowBodyFault | ResetFault | TruncateFault | MalformedJsonFault;

/** The kinds of fault. */
export type FaultKind = Fault['kind'];

/** A handle on an injected fault. */
export interface FaultHandle {
  readonly id: number;
  readonly fault: Readonly<Fault>;
  /** Applications left (`Infinity` for probability faults). */
  readonly remaining: number;
  /** How many requests it has been applied to. */
  readonly hits: number;
  /** Remove it. */
  cancel(): void;
}

/** A short description of a request body; never the body itself. */
export interface BodySummary {
  kind: 'none' | 'json' | 'multipart' | 'other';
  bytes: number;
  /** Top-level JSON keys or multipart field names. */
  fields?: string[];
  /** Multipart file parts. */
  files?: { field: string; filename: string; contentType: string; size: number }[];
}

/** One request as the emulator saw it. */
export interface RecordedRequest {
  id: string;
  method: string;
  /** Path including `/v1`, without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; `authorization` and `api-key` values are `'[REDACTED]'`. */
  headers: Record<string, string>;
  bodySummary: BodySummary;
  /** Epoch ms (wall clock). */
  startedAt: number;
  /** Set when the response ended or the socket closed. */
  durationMs: number | null;
  /** Status sent, or `null` when the socket was destroyed before a response. */
  status: number | null;
  fault?: FaultKind;
}

/** Token-bucket rate limit shared by all requests. */
export interface RateLimitOptions {
  /** Requests per minute, shared by every request the emulator serves (one budget, as for one API key). */
  requestsPerMinute: number;
  /**
   * Size of the bucket: requests that may arrive at once. Smaller than `requestsPerMinute` enforces the limit over
   * shorter periods (as OpenAI does: 600 per minute may be enforced as 10 per second). @default requestsPerMinute
   */
  burst?: number;
}

/** How reported progress follows render time (see `startSoraEmulator`'s `progressCurve`). */
export type ProgressCurve = 'linear' | 'ease-in' | 'ease-out' | 'steps';

/** Event types the emulator sends. */
export type WebhookEventType = 'video.completed' | 'video.failed';

/** Where and how the emulator POSTs Standard Webhooks events when jobs end. */
export interface EmulatorWebhookOptions {
  /** The receiver, `http://…` or `https://…`. */
  url: string;
  /** Signing secret, `whsec_<base64>` (the prefix is optional). Never logged or recorded. */
  secret: string;
  /** Attempts per event, the first included. @default 5 */
  maxAttempts?: number;
  /** Wait before the second attempt, doubling after each failure (at least `retry-after`; at most 30 s). @default 500 */
  retryDelayMs?: number;
  /** Per-attempt timeout. @default 10_000 */
  timeoutMs?: number;
}

/** One webhook event and how its delivery went (no body, headers or signature). */
export interface WebhookDelivery {
  /** `evt_<32 hex>`; also the `webhook-id` header of every attempt. */
  readonly eventId: string;
  readonly type: WebhookEventType;
  readonly videoId: string;
  /** `pending` until a 2xx (`delivered`) or the last attempt or a 410 (`failed`). */
  readonly status: 'pending' | 'delivered' | 'failed';
  /** Attempts made so far. */
  readonly attempts: number;
  /** Status of the last answer; `null` when the last attempt got none. */
  readonly lastStatus: number | null;
  /** Why the last attempt failed (`HTTP 500`, `ECONNREFUSED`, `timeout`), when it did. */
  readonly lastError?: string;
}

/** Options of `startSoraEmulator`. */
export interface EmulatorOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (a free port) */
  port?: number;
  /** Require this key (a missing or different key is a 401); `null` accepts every request, with or without a key. @default null */
  apiKey?: string | null;
  /** Time source for the job lifecycle, timestamps and the rate limiter. @default Date */
  clock?: Clock;
  /** Multiplies every lifecycle duration (0.01 = 100x faster). @default 1 */
  timeScale?: number;
  /** Time a job stays `queued`. @default 300 */
  queueMs?: number;
  /** Render time of a 4 s `sora-2` clip; x seconds/4, x2 for `*-pro*` models. @default 2000 */
  renderMs?: number;
  /** How long assets stay downloadable after completion (`expires_at`). @default 3_600_000 (1 h) */
  expiresAfterMs?: number;
  /** Prompts that fail. @default /\[fail\]|moderation/i → `moderation_blocked` */
  failPrompts?: FailPrompts;
  /**
   * How progress follows render time: `'linear'`, `'ease-in'` (slow start, fast end), `'ease-out'` (fast start,
   * slow end) or `'steps'` (25 % jumps). @default 'linear'
   */
  progressCurve?: ProgressCurve;
  /** Adds `openai-poll-after-ms` to GET /videos/{id} while the job runs. @default undefined (off) */
  pollAfterMs?: number;
  rateLimit?: RateLimitOptions;
  /** Random source for probability faults. @default Math.random */
  random?: () => number;
  /** Keep at most this many recorded requests (oldest dropped). @default 10_000 */
  maxRecordedRequests?: number;
  /** Larger request bodies get 413. @default 64 MiB */
  maxBodyBytes?: number;
  /** Which service to behave like (see the emulator README, "Dialects"). @default 'openai' */
  dialect?: EmulatorDialect;
  /** POST signed `video.completed` / `video.failed` events here when jobs end. @default undefined (off) */
  webhook?: EmulatorWebhookOptions;
}

/** The services the emulator can imitate. */
export type EmulatorDialect = 'openai' | 'litellm' | 'vllm-omni' | 'new-api' | 'azure';

/** A running emulator. */
export interface SoraEmulator {
  /** `http://127.0.0.1:PORT/v1` (`…/openai/v1` for the `azure` dialect) */
  readonly baseURL: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  readonly dialect: EmulatorDialect;
  readonly requests: RecordedRequest[];
  readonly videos: VideoStoreView;
  /** Active faults (a snapshot). */
  readonly faults: readonly FaultHandle[];
  inject(fault: Fault): FaultHandle;
  /** Clears videos, characters, requests, faults, the rate-limit bucket and pending webhook deliveries. */
  reset(): void;
  /** Webhook events sent so far (oldest dropped beyond `maxRecordedRequests`); empty without `webhook`. */
  readonly webhookDeliveries: readonly WebhookDelivery[];
  /** Sockets currently open on the server. */
  openConnections(): number;
  /** Closes the server and every socket, keep-alive included, and stops every webhook timer and delivery. */
  close(): Promise<void>;
}

/** Read access to stored videos; status is computed at read time. */
export interface VideoStoreView {
  get(id: string): VideoResource | undefined;
  /** In creation order. */
  list(): VideoResource[];
  readonly size: number;
}
