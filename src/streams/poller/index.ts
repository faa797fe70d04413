export { boundedTimer, clampDelayMs, MAX_TIMER_MS } from './bounded-timer.js';
export { watchPhase, type WatchPhase } from './phase.js';
export { POLL_AFTER_HEADER, LIST_PAGE_LIMIT } from './poll-requests.js';
export { METRIC_POLL_LIST_IDS, METRIC_POLL_REQUESTS_SAVED } from './poller-metrics.js';
export { pollerFor } from './poller-registry.js';
export { LIST_UNSUPPORTED_STATUSES } from './poll-tick.js';
export { watchStates, withDeadline } from './watch-states.js';
export { webhookVideoId, type VideoWebhookEvent } from './webhook-event.js';
