/**
 * sora-rx: the OpenAI Sora Videos API as RxJS Observables. The one public entry (named exports only).
 */

// Client
export { createSoraClient, createSoraClientFromRuntime, getSoraClient, resetSoraClient } from './client.js';
export type { SoraClient, SoraPromises } from './client-types.js';
export type { SoraRuntime, OperationScope, OperationSpanOptions, SendOptions } from './streams/runtime-types.js';
export type { PrepaidAttempt } from './streams/prepaid-attempt.js';
export type { AttemptHooks, AttemptInfo, AttemptOutcome } from './streams/pipeline.js';

// API types
export type {
  Video,
  VideoStatus,
  VideoModel,
  VideoSeconds,
  VideoSecondsInput,
  VideoSize,
  VideoList,
  VideoListOrder,
  VideoDeleted,
  VideoCharacter,
  VideoContentVariant,
  VideoCreateError,
  VideoCreateParams,
  VideoListParams,
  VideoListAllParams,
  VideoRemixParams,
  VideoEditParams,
  VideoExtendParams,
  VideoCreateCharacterParams,
  VideoInputReference,
  VideoSource,
  ImageReference,
  FileInput,
  DownloadDestination,
  DownloadVideoOptions,
  DownloadProgress,
  WatchScheduleOptions,
  WatchVideoOptions,
  GenerateDownloadOptions,
  GenerateVideoOptions,
  GenerateVideoEvent,
  HealthStatus,
} from './streams/videos/types.js';

// Errors
export {
  SoraError,
  isSoraError,
  ValidationError,
  ApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  ServiceUnavailableError,
  TimeoutError,
  ConnectionError,
  CancelledError,
  AmbiguousRequestError,
  VideoGenerationFailedError,
  VideoCancelledError,
  VideoExpiredError,
  ApiKeyProviderError,
  ResponseTooLargeError,
  DownloadStalledError,
  PaginationLoopError,
  PaginationLimitError,
} from './errors/index.js';
export type { SoraErrorInit, SoraErrorJSON, ApiErrorInit, VideoJobError, FailedVideoLike } from './errors/index.js';

// Operators
export { retryWithBackoff, withTimeout, withCancellation, nextPollDelayMs } from './streams/operators/index.js';
export type {
  RetryWithBackoffConfig,
  RetryEvent,
  GiveUpEvent,
  GiveUpReason,
  CancellationOptions,
  PollObservation,
  PollScheduleOptions,
} from './streams/operators/index.js';

// Shared polling and webhook events
export type { VideoWebhookEvent } from './streams/poller/webhook-event.js';
export { METRIC_POLL_LIST_IDS, METRIC_POLL_REQUESTS_SAVED } from './streams/poller/poller-metrics.js';

// Statuses and response parsing
export {
  STATUS_ALIASES,
  statusTable,
  videoPhase,
  isTerminalPhase,
  type VideoPhase,
  type StatusAliases,
} from './streams/videos/video-phase.js';
export { parseVideo, toUnixSeconds, MS_TIMESTAMP_THRESHOLD } from './streams/videos/parse-video.js';

// Configuration
export type {
  SoraClientOptions,
  RequestOptions,
  RetryOptions,
  AuthHeaderStyle,
  ApiKeyProvider,
  ValidationMode,
  ResolvedConfig,
  PollingConfig,
} from './config/options.js';
export { azureOpenAIOptions, type AzureOpenAIInput, type AzureClientOptions } from './config/providers.js';
export type { LoggerLike, LogFn } from './telemetry/logger-like.js';

// Transport
export type { Transport, HttpRequest, HttpResponse, HttpMethod, HttpBody } from './transport/types.js';

// Webhooks
export {
  unwrapWebhook,
  readWebhookRequest,
  createWebhookHandler,
  webhookEventStream,
  WebhookVerificationError,
  DEFAULT_WEBHOOK_TOLERANCE_SEC,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
} from './webhooks/index.js';
export type {
  WebhookVerificationReason,
  WebhookVerificationErrorJSON,
  WebhookHeaders,
  RawWebhookBody,
  UnwrapWebhookOptions,
  ReadWebhookOptions,
  WebhookRequest,
  WebhookHandlerOptions,
  WebhookRequestHandler,
  WebhookEventStream,
  WebhookEventStreamOptions,
} from './webhooks/index.js';

// Rate limits (the `rateLimit` option; `sora-rx/redis` shares the budget across processes)
export {
  localRateLimitStore,
  createRateGovernor,
  configureBudget,
  budgetOf,
  TokenBucket,
  CLIENT_RATE_LIMITED,
  isClientRateLimited,
  parseRateLimitDuration,
  readRateLimitHeaders,
  requestPriority,
  governorAttemptHooks,
  METRIC_RATE_LIMIT_WAIT,
  EVENT_RATE_LIMIT_WAIT,
} from './quota/index.js';
export type {
  RateLimitOptions,
  RateLimitStore,
  RateGovernor,
  RateGovernorDeps,
  ConfiguredBudget,
  GovernorHooksDeps,
  ServerRateLimits,
  PermitOutcome,
  Permit,
  Budget,
  PauseRequest,
  RemainingReport,
  RequestPriority,
  TakeRequest,
  TakeResult,
} from './quota/index.js';
