/**
 * A Videos API webhook event (`video.completed`, `video.failed`, …): `data.id` is the video's id. Structurally the
 * same as the webhooks helpers' `VideoWebhookEvent`.
 *
 * @example
 * ```ts
 * const event: VideoWebhookEvent = { id: 'evt_1', object: 'event', type: 'video.completed', created_at: 1735689600, data: { id: 'video_1' } };
 * ```
 */
export interface VideoWebhookEvent {
  id: string;
  object: 'event';
  type: string;
  created_at: number;
  data: { id: string };
}

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
