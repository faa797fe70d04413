export { backoffCeilingMs, computeBackoffMs, type BackoffOptions } from './backoff.js';
export { classifyFailure, IDEMPOTENT_RETRY_STATUSES, type RetryDecision } from './retry-policy.js';
export { errorHeaders, serverDelayMs, shouldRetryHeader } from './server-delay.js';
export {
  retryWithBackoff,
  type GiveUpEvent,
  type GiveUpReason,
  type RetryEvent,
  type RetryWithBackoffConfig,
} from './retry-with-backoff.js';
export { withTimeout } from './with-timeout.js';
export { cancelledErrorFrom, withCancellation, type CancellationOptions } from './with-cancellation.js';
export {
  nextPollDelayMs,
  PollHistory,
  RATE_WINDOW,
  type PollObservation,
  type PollScheduleOptions,
} from './poll-schedule.js';
