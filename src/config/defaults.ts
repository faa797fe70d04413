import type { AuthHeaderStyle, PollingConfig, RetryOptions } from './options.js';

/** The public OpenAI API base URL. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Per-attempt timeout (until response headers), in ms. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Largest JSON response body accepted, counted after decompression: 10 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Largest error-response body read (then the socket is destroyed): 64 KiB. Not an option. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Longest silence between two body chunks of a download, in ms. */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/** Longest delay Node's timers accept (2^31-1 ms, about 24.8 days); every timer sora-rx schedules is clamped to it. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Retries after the first attempt. */
export const DEFAULT_MAX_RETRIES = 2;

/** Default log level of the built-in pino logger. */
export const DEFAULT_LOG_LEVEL = 'warn';

/** Default auth header style. */
export const DEFAULT_AUTH_HEADER: AuthHeaderStyle = 'bearer';

/** Every retry/backoff number in one place. */
export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = Object.freeze({
  maxRetries: DEFAULT_MAX_RETRIES,
  initialDelayMs: 500,
  multiplier: 2,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  maxElapsedMs: Number.POSITIVE_INFINITY,
});

/** Log levels pino accepts (plus `silent`). */
export const LOG_LEVELS: ReadonlySet<string> = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Advisory histogram buckets (seconds) of `http.client.request.duration`. */
export const HTTP_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/** Keep-alive agent tuning of the axios transport. */
export const AGENT_DEFAULTS = Object.freeze({
  keepAlive: true,
  maxSockets: 50,
  maxFreeSockets: 10,
  freeSocketTimeoutMs: 5_000,
});

/** Shared polling: on, list pages from 3 due ids, a 60 s safety poll while webhook events flow. */
export const DEFAULT_POLLING: PollingConfig = Object.freeze({
  shared: true,
  batchThreshold: 3,
  webhookSafetyIntervalMs: 60_000,
});
