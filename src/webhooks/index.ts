export type { VideoWebhookEvent } from '../streams/poller/webhook-event.js';
export {
  WebhookVerificationError,
  type WebhookVerificationReason,
  type WebhookVerificationErrorJSON,
} from './verification-error.js';
export type { WebhookHeaders } from './headers.js';
export { DEFAULT_WEBHOOK_TOLERANCE_SEC, type UnwrapWebhookOptions } from './options.js';
export type { RawWebhookBody } from './signature.js';
export { unwrapWebhook } from './unwrap-webhook.js';
export {
  readWebhookRequest,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  type ReadWebhookOptions,
  type WebhookRequest,
} from './read-request.js';
export { createWebhookHandler, type WebhookHandlerOptions, type WebhookRequestHandler } from './handler.js';
export { webhookEventStream, type WebhookEventStream, type WebhookEventStreamOptions } from './event-stream.js';
