import { systemClock } from './clock.js';
import { type Dialect, resolveDialect } from './dialects.js';
import { PROGRESS_CURVES } from './lifecycle.js';
import type {
  Clock,
  EmulatorOptions,
  EmulatorWebhookOptions,
  ProgressCurve,
  FailPrompts,
  FailVerdict,
  RateLimitOptions,
  VideoJobError,
} from './types.js';
import { webhookKey } from './webhook-signature.js';

/** `EmulatorWebhookOptions` checked, with the decoded key instead of the secret. */
export interface ResolvedWebhookOptions {
  url: URL;
  key: Buffer;
  maxAttempts: number;
  retryDelayMs: number;
  timeoutMs: number;
}

/** `EmulatorOptions` with every default applied. */
export interface ResolvedOptions {
  host: string;
  port: number;
  apiKey: string | null;
  clock: Clock;
  timeScale: number;
  queueMs: number;
  renderMs: number;
  progressCurve: ProgressCurve;
  expiresAfterMs: number;
  failPrompts: FailPrompts;
  pollAfterMs: number | undefined;
  rateLimit: RateLimitOptions | undefined;
  random: () => number;
  maxRecordedRequests: number;
  maxBodyBytes: number;
  dialect: Dialect;
  webhook: ResolvedWebhookOptions | undefined;
}

/** The default `failPrompts`: prompts mentioning `[fail]` or `moderation`. */
export const DEFAULT_FAIL_PROMPTS = /\[fail\]|moderation/i;

/** The error a failing prompt gets when `failPrompts` answers `true`. */
export const DEFAULT_JOB_ERROR: VideoJobError = {
  code: 'moderation_blocked',
  message: 'Your request was blocked by our moderation system.',
};

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`Emulator option ${name} must be >= 0, got ${value}`);
  return value;
}

function progressCurveOption(curve: string | undefined): ProgressCurve {
  if (curve === undefined) return 'linear';
  if (!Object.hasOwn(PROGRESS_CURVES, curve)) {
    throw new RangeError(`Emulator option progressCurve must be one of ${Object.keys(PROGRESS_CURVES).join(', ')}`);
  }
  return curve as ProgressCurve;
}

function resolveWebhook(webhook: EmulatorWebhookOptions | undefined): ResolvedWebhookOptions | undefined {
  if (webhook === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(webhook.url);
  } catch {
    throw new TypeError('Emulator option webhook.url must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError('Emulator option webhook.url must be an absolute http(s) URL');
  }
  const maxAttempts = webhook.maxAttempts ?? 5;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`Emulator option webhook.maxAttempts must be a whole number >= 1, got ${maxAttempts}`);
  }
  const timeoutMs = webhook.timeoutMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new RangeError(`Emulator option webhook.timeoutMs must be > 0, got ${timeoutMs}`);
  return {
    url,
    key: webhookKey(webhook.secret),
    maxAttempts,
    retryDelayMs: nonNegative('webhook.retryDelayMs', webhook.retryDelayMs ?? 500),
    timeoutMs,
  };
}

/** Validates options once and fills defaults. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const rpm = options.rateLimit?.requestsPerMinute;
  if (rpm !== undefined && !(rpm > 0)) throw new RangeError(`rateLimit.requestsPerMinute must be > 0, got ${rpm}`);
  const burst = options.rateLimit?.burst;
  if (burst !== undefined && !(burst >= 1)) throw new RangeError(`rateLimit.burst must be >= 1, got ${burst}`);
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError(`Emulator option timeScale must be > 0, got ${timeScale}`);
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    apiKey: options.apiKey ?? null,
    clock: options.clock ?? systemClock,
    timeScale,
    queueMs: nonNegative('queueMs', options.queueMs ?? 300),
    renderMs: nonNegative('renderMs', options.renderMs ?? 2000),
    progressCurve: progressCurveOption(options.progressCurve),
    expiresAfterMs: nonNegative('expiresAfterMs', options.expiresAfterMs ?? 3_600_000),
    failPrompts: options.failPrompts ?? DEFAULT_FAIL_PROMPTS,
    pollAfterMs: options.pollAfterMs,
    rateLimit: options.rateLimit,
    random: options.random ?? Math.random,
    maxRecordedRequests: options.maxRecordedRequests ?? 10_000,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024 * 1024,
    dialect: resolveDialect(options.dialect),
    webhook: resolveWebhook(options.webhook),
  };
}

/** The job error for `prompt`, or null when it renders fine. */
export function failureFor(failPrompts: FailPrompts, prompt: string): VideoJobError | null {
  const verdict: FailVerdict = failPrompts instanceof RegExp ? failPrompts.test(prompt) : failPrompts(prompt);
  if (verdict === false) return null;
  return verdict === true ? DEFAULT_JOB_ERROR : verdict;
}
