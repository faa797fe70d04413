export { localRateLimitStore } from './local-store.js';
export { createRateGovernor, type RateGovernor, type RateGovernorDeps } from './governor.js';
export { configureBudget, budgetOf, type ConfiguredBudget } from './budget.js';
export { TokenBucket } from './token-bucket.js';
export { CLIENT_RATE_LIMITED, clientRateLimited, isClientRateLimited } from './client-rate-limited.js';
export { parseRateLimitDuration } from './duration.js';
export { readRateLimitHeaders, type ServerRateLimits } from './rate-limit-headers.js';
export { requestPriority } from './priority.js';
export { governorAttemptHooks, type GovernorHooksDeps } from './governor-hooks.js';
export { METRIC_RATE_LIMIT_WAIT, EVENT_RATE_LIMIT_WAIT } from './wait-telemetry.js';
export type { RateLimitOptions } from './options.js';
export type { PermitOutcome, Permit } from './permit.js';
export type {
  Budget,
  PauseRequest,
  RateLimitStore,
  RemainingReport,
  RequestPriority,
  TakeRequest,
  TakeResult,
} from './types.js';
