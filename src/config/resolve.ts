import { ValidationError } from '../errors/validation-error.js';
import { isLoopbackHost } from '../util/loopback.js';
import { REDACTED, redactCredentials, registerSecret, summarizeAgent } from '../util/redact.js';
import { statusTable } from '../streams/videos/video-phase.js';
import {
  AGENT_DEFAULTS,
  DEFAULT_AUTH_HEADER,
  DEFAULT_BASE_URL,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_LOG_LEVEL,
  DEFAULT_POLLING,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  LOG_LEVELS,
} from './defaults.js';
import { type EnvRecord, readEnv } from './env.js';
import type { PollingConfig, ResolvedConfig, RetryOptions, SoraClientOptions } from './options.js';

/**
 * Merges options, environment and defaults (in that order of precedence), validates and freezes the result.
 * A missing API key is not an error here: see `createAxiosTransport` (loopback hosts go keyless, others fail
 * with `AuthenticationError` at the first request).
 *
 * @throws ValidationError naming the option or environment variable at fault.
 * @example
 * ```ts
 * const config = resolveConfig({ apiKey: 'sk-…', timeoutMs: 30_000 }, {});
 * ```
 */
export function resolveConfig(options: SoraClientOptions = {}, env: EnvRecord = process.env): ResolvedConfig {
  const fromEnv = readEnv(env);
  const apiKeyProvider = typeof options.apiKey === 'function' ? options.apiKey : undefined;
  if (options.apiKey !== undefined && typeof options.apiKey !== 'string' && apiKeyProvider === undefined) {
    throw new ValidationError('apiKey', 'must be a string or a function returning one');
  }
  const apiKey = apiKeyProvider ? undefined : (nonEmpty(options.apiKey as string | undefined) ?? fromEnv.apiKey);
  const baseURL = (nonEmpty(options.baseURL) ?? fromEnv.baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const dangerouslyAllowInsecureHttp = options.dangerouslyAllowInsecureHttp === true;
  validateBaseURL(baseURL, apiKey ?? (apiKeyProvider ? 'provider' : undefined), dangerouslyAllowInsecureHttp);

  const timeoutMs = options.timeoutMs ?? fromEnv.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0) {
    throw new ValidationError('timeoutMs', 'must be a number >= 0');
  }
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (typeof maxResponseBytes !== 'number' || Number.isNaN(maxResponseBytes) || maxResponseBytes < 1) {
    throw new ValidationError('maxResponseBytes', 'must be a number >= 1 (or Infinity)');
  }
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  if (typeof idleTimeoutMs !== 'number' || Number.isNaN(idleTimeoutMs) || idleTimeoutMs < 0) {
    throw new ValidationError('idleTimeoutMs', 'must be a number >= 0');
  }
  const retry = resolveRetry(options.retry, options.maxRetries ?? options.retry?.maxRetries ?? fromEnv.maxRetries);
  const logLevel = (options.logLevel ?? fromEnv.logLevel ?? DEFAULT_LOG_LEVEL).toLowerCase();
  if (!LOG_LEVELS.has(logLevel)) throw new ValidationError('logLevel', `unknown level ${JSON.stringify(logLevel)}`);
  const authHeader = options.authHeader ?? DEFAULT_AUTH_HEADER;
  if (authHeader !== 'bearer' && authHeader !== 'api-key') {
    throw new ValidationError('authHeader', "must be 'bearer' or 'api-key'");
  }
  registerSecret(apiKey);
  const validation = options.validation ?? 'form';
  if (validation !== 'form' && validation !== 'openai') {
    throw new ValidationError('validation', "must be 'form' or 'openai'");
  }
  let statusAliases;
  try {
    statusAliases = statusTable(options.statusAliases);
  } catch (e) {
    throw new ValidationError('statusAliases', (e as Error).message);
  }
  const maxSockets = options.maxSockets ?? AGENT_DEFAULTS.maxSockets;
  if (!(Number.isInteger(maxSockets) && maxSockets > 0) && maxSockets !== Number.POSITIVE_INFINITY) {
    throw new ValidationError('maxSockets', 'must be a positive integer (or Infinity)');
  }

  return withRedactedViews({
    apiKey,
    apiKeyProvider,
    baseURL,
    authHeader,
    organization: nonEmpty(options.organization) ?? fromEnv.organization,
    project: nonEmpty(options.project) ?? fromEnv.project,
    defaultHeaders: Object.freeze({ ...options.defaultHeaders }),
    defaultQuery: Object.freeze({ ...options.defaultQuery }),
    timeoutMs,
    maxResponseBytes,
    idleTimeoutMs,
    retry,
    logLevel,
    dangerouslyAllowInsecureHttp,
    polling: resolvePolling(options),
    validation,
    statusAliases,
    maxSockets,
    httpAgent: options.httpAgent,
    httpsAgent: options.httpsAgent,
  });
}

function resolvePolling(options: SoraClientOptions): PollingConfig {
  const shared = options.sharedPolling ?? DEFAULT_POLLING.shared;
  if (typeof shared !== 'boolean') throw new ValidationError('sharedPolling', 'must be a boolean');
  const batchThreshold = options.pollBatchThreshold ?? DEFAULT_POLLING.batchThreshold;
  if (typeof batchThreshold !== 'number' || !(batchThreshold >= 1)) {
    throw new ValidationError('pollBatchThreshold', 'must be a number >= 1 (Infinity never lists)');
  }
  const webhookSafetyIntervalMs = options.webhookSafetyIntervalMs ?? DEFAULT_POLLING.webhookSafetyIntervalMs;
  if (
    typeof webhookSafetyIntervalMs !== 'number' ||
    !Number.isFinite(webhookSafetyIntervalMs) ||
    webhookSafetyIntervalMs < 0
  ) {
    throw new ValidationError('webhookSafetyIntervalMs', 'must be a finite number >= 0');
  }
  const we = options.webhookEvents;
  if (we !== undefined && (typeof we !== 'object' || we === null)) {
    throw new ValidationError('webhookEvents', 'must be an ObservableInput of webhook events');
  }
  return Object.freeze({ shared, batchThreshold, webhookSafetyIntervalMs });
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Freezes `config` with a non-enumerable `toJSON` and `util.inspect` view that show the key as `[REDACTED]`,
 * credential-looking `defaultHeaders`/`defaultQuery` values as `[REDACTED]` and agents as a short summary (an
 * agent's `options` may hold a client-certificate private key), so `JSON.stringify(client.config)`,
 * `console.log(client)` and loggers never print a secret.
 */
function withRedactedViews(config: ResolvedConfig): ResolvedConfig {
  const redacted = (): Record<string, unknown> => ({
    ...config,
    apiKey: config.apiKey === undefined ? undefined : REDACTED,
    defaultHeaders: redactCredentials(config.defaultHeaders),
    defaultQuery: redactCredentials(config.defaultQuery),
    httpAgent: summarizeAgent(config.httpAgent),
    httpsAgent: summarizeAgent(config.httpsAgent),
  });
  Object.defineProperty(config, 'toJSON', { value: redacted, enumerable: false });
  Object.defineProperty(config, INSPECT, { value: redacted, enumerable: false });
  return Object.freeze(config);
}

function resolveRetry(
  options: RetryOptions | undefined,
  maxRetries: number | undefined,
): Readonly<Required<RetryOptions>> {
  const defined = Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
  const retry: Required<RetryOptions> = { ...DEFAULT_RETRY, ...defined };
  if (maxRetries !== undefined) retry.maxRetries = maxRetries;
  if (!Number.isInteger(retry.maxRetries) || retry.maxRetries < 0) {
    throw new ValidationError('maxRetries', 'must be a non-negative integer');
  }
  for (const key of ['initialDelayMs', 'multiplier', 'maxDelayMs', 'maxRetryAfterMs', 'maxElapsedMs'] as const) {
    const v = retry[key];
    if (typeof v !== 'number' || Number.isNaN(v) || v < 0) throw new ValidationError(`retry.${key}`, 'must be >= 0');
  }
  return Object.freeze(retry);
}

function validateBaseURL(baseURL: string, apiKey: string | undefined, allowInsecure: boolean): void {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw new ValidationError('baseURL', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError('baseURL', 'must be an absolute http(s) URL');
  }
  if (url.username || url.password) throw new ValidationError('baseURL', 'must not contain credentials');
  if (url.protocol === 'http:' && apiKey && !allowInsecure && !isLoopbackHost(url.hostname)) {
    throw new ValidationError(
      'baseURL',
      'refusing to send the API key over plain http to a non-loopback host; use https or set dangerouslyAllowInsecureHttp',
    );
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
