import type { VideoWebhookEvent } from '../streams/poller/webhook-event.js';

/** The client's webhook event type (`webhookEvents` takes an Observable of it); re-exported for `sora-rx/redis` users. */
export type { VideoWebhookEvent };

/**
 * Whether `value` has the shape of a {@link VideoWebhookEvent} (extra fields are fine).
 *
 * @example
 * ```ts
 * isVideoWebhookEvent(JSON.parse(message)); // true or false, never a throw
 * ```
 */
export function isVideoWebhookEvent(value: unknown): value is VideoWebhookEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  const data = event['data'] as Record<string, unknown> | null | undefined;
  return (
    typeof event['id'] === 'string' &&
    event['object'] === 'event' &&
    typeof event['type'] === 'string' &&
    typeof event['created_at'] === 'number' &&
    typeof data === 'object' &&
    data !== null &&
    typeof data['id'] === 'string'
  );
}
