import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { ObservableInput, SchedulerLike } from 'rxjs';
import type { VideoWebhookEvent } from '../streams/poller/webhook-event.js';
import type { StatusAliases } from '../streams/videos/video-phase.js';
import type { RateLimitOptions } from '../quota/options.js';
import type { LoggerLike } from '../telemetry/logger-like.js';
import type { Transport } from '../transport/types.js';

/** How the API key is sent. */
export type AuthHeaderStyle = 'bearer' | 'api-key';

/**
 * A function that returns the API key (or bearer token) for one attempt: a Microsoft Entra ID token provider, a
 * key rotated by a secret store. Called before every attempt (sora-rx does not cache); its value is redacted like a
 * key. A throw, a rejection or an empty value fails the attempt with `ApiKeyProviderError`.
 */
export type ApiKeyProvider = () => string | Promise<string>;

/**
 * How request parameters are checked before sending: `'form'` (default) checks only their form (a positive integer
 * `seconds`, a `WxH` `size`, a non-empty `model`); `'openai'` also checks OpenAI's published values (`seconds` 4, 8,
 * 12 and 4–20 in steps of 4 for an extension, the four sizes).
 */
export type ValidationMode = 'form' | 'openai';

/** Retry tuning. Every field has a default (see `DEFAULT_RETRY`). */
export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  maxRetries?: number;
  /** First backoff delay in ms. @default 500 */
  initialDelayMs?: number;
  /** Growth factor per retry. @default 2 */
  multiplier?: number;
  /** Cap of one computed delay in ms. @default 8000 */
  maxDelayMs?: number;
  /** Cap for a server-given `Retry-After`; longer hints give up instead. @default 60000 */
  maxRetryAfterMs?: number;
  /** Total time budget for all attempts and waits, in ms. @default Infinity */
  maxElapsedMs?: number;
}

/**
 * Options of `createSoraClient`. Unset ones come from the environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`,
 * `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`, `SORA_TIMEOUT_MS`, `SORA_MAX_RETRIES`, `SORA_LOG_LEVEL`).
 */
export interface SoraClientOptions {
  /**
   * API key (env `OPENAI_API_KEY`). Missing is not an error at construction: requests to a loopback `baseURL`
   * (the local emulator) are sent without auth, and requests to any other host fail with `AuthenticationError`
   * (code `missing_api_key`) at the first request, before anything is sent.
   */
  apiKey?: string | ApiKeyProvider;
  /** @default 'https://api.openai.com/v1' (env `OPENAI_BASE_URL`) */
  baseURL?: string;
  /** `bearer` sends `Authorization: Bearer <key>`; `api-key` sends `api-key: <key>` (Azure). @default 'bearer' */
  authHeader?: AuthHeaderStyle;
  /** `OpenAI-Organization` header (env `OPENAI_ORG_ID`). */
  organization?: string;
  /** `OpenAI-Project` header (env `OPENAI_PROJECT_ID`). */
  project?: string;
  /** Headers sent with every request. */
  defaultHeaders?: Readonly<Record<string, string>>;
  /** Query parameters sent with every request, e.g. `{ 'api-version': 'preview' }`. */
  defaultQuery?: Readonly<Record<string, string>>;
  /** Per-attempt timeout in ms, until response headers. @default 60000 (env `SORA_TIMEOUT_MS`) */
  timeoutMs?: number;
  /** Retries after the first attempt. @default 2 (env `SORA_MAX_RETRIES`) */
  maxRetries?: number;
  /**
   * Largest JSON response body accepted, in bytes after decompression; a larger one destroys the socket and errors
   * with `ResponseTooLargeError` (error bodies are bounded at 64 KiB). `Infinity` = no bound. @default 10485760 (10 MiB)
   */
  maxResponseBytes?: number;
  /**
   * Longest silence between two body chunks of a download, in ms; a longer one errors with `DownloadStalledError`
   * (retryable: a download to a path restarts). `0` or `Infinity` = none. @default 30000
   */
  idleTimeoutMs?: number;
  /** Backoff tuning. */
  retry?: RetryOptions;
  /** A pino logger or anything like it. @default pino at `SORA_LOG_LEVEL` (default `warn`) */
  logger?: LoggerLike;
  /** Level of the default pino logger (ignored when `logger` is given). @default 'warn' (env `SORA_LOG_LEVEL`) */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** @default the global tracer provider */
  tracerProvider?: TracerProvider;
  /** @default the global meter provider */
  meterProvider?: MeterProvider;
  /** Replace the HTTP layer (tests, custom stacks). @default the axios transport */
  transport?: Transport;
  /** Scheduler for every timer (tests pass a `TestScheduler`). @default asyncScheduler */
  scheduler?: SchedulerLike;
  /** Jitter source of the backoff, in [0, 1); pass `() => 1` for exact, jitter-free marble tests. @default Math.random */
  random?: () => number;
  /** Allow sending the key over plain `http://` to a non-loopback host. @default false */
  dangerouslyAllowInsecureHttp?: boolean;
  /**
   * All watches of the client share one poller (one loop; one request per tick for many ids; watches of one id
   * share its polls). `false` polls each watch on its own, as `GET /videos/{id}` per watch. @default true
   */
  sharedPolling?: boolean;
  /**
   * When at least this many watched ids are due in one tick, the shared poller reads `GET /videos?order=desc&limit=100`
   * pages instead of one `GET /videos/{id}` per id. @default 3
   */
  pollBatchThreshold?: number;
  /**
   * Verified webhook events (e.g. from `unwrapWebhook`). Subscribed while any watch runs; an event for a watched id
   * triggers one immediate retrieve, and from the first event on, while the stream is open, polling slows to
   * `webhookSafetyIntervalMs`.
   */
  webhookEvents?: ObservableInput<VideoWebhookEvent>;
  /** Longest wait between safety polls of a watched id while `webhookEvents` is open, in ms. @default 60000 */
  webhookSafetyIntervalMs?: number;
  /** `'form'` checks the form of parameters, `'openai'` OpenAI's published values too. @default 'form' */
  validation?: ValidationMode;
  /** Extra status → phase mappings for `watchVideo` / `generateVideo`, merged over `STATUS_ALIASES`. */
  statusAliases?: StatusAliases;
  /** Most sockets open at once per host (the built-in keep-alive agents; ignored with your own agents). @default 50 */
  maxSockets?: number;
  /** Your own `http.Agent` (used as is, never destroyed by `close()`). */
  httpAgent?: HttpAgent;
  /** Your own `https.Agent`, e.g. with a CA bundle or a client certificate (used as is, never destroyed). */
  httpsAgent?: HttpsAgent;
  /**
   * A client-side request budget (requests per minute / day, burst, priorities, shared 429 pauses); every attempt
   * waits for it before it is sent. Share it across processes with `redisRateLimitStore` (`sora-rx/redis`).
   * @default none (no client-side limit)
   */
  rateLimit?: RateLimitOptions;
}

/** How watches poll (see `sharedPolling`, `pollBatchThreshold`, `webhookSafetyIntervalMs`). */
export interface PollingConfig {
  readonly shared: boolean;
  readonly batchThreshold: number;
  readonly webhookSafetyIntervalMs: number;
}

/** Per-call options, accepted by every operation. */
export interface RequestOptions {
  /** Aborting it cancels the call with `CancelledError`. */
  signal?: AbortSignal;
  /** When it emits, the call completes (and the request is aborted). */
  cancel$?: ObservableInput<unknown>;
  /** Per-attempt timeout in ms for this call. */
  timeoutMs?: number;
  /** Retries for this call. */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: Readonly<Record<string, string>>;
}

/** The client's configuration once defaults and environment are merged and validated. */
export interface ResolvedConfig {
  /** The static key; `undefined` when none or when `apiKeyProvider` is set. */
  readonly apiKey: string | undefined;
  /** The key function, when `apiKey` was one. */
  readonly apiKeyProvider: ApiKeyProvider | undefined;
  readonly baseURL: string;
  readonly authHeader: AuthHeaderStyle;
  readonly organization: string | undefined;
  readonly project: string | undefined;
  readonly defaultHeaders: Readonly<Record<string, string>>;
  readonly defaultQuery: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly idleTimeoutMs: number;
  readonly retry: Readonly<Required<RetryOptions>>;
  readonly logLevel: string;
  readonly dangerouslyAllowInsecureHttp: boolean;
  readonly polling: PollingConfig;
  readonly validation: ValidationMode;
  /** `STATUS_ALIASES` with `statusAliases` merged over it. */
  readonly statusAliases: StatusAliases;
  readonly maxSockets: number;
  readonly httpAgent: HttpAgent | undefined;
  readonly httpsAgent: HttpsAgent | undefined;
}
