/**
 * A verified webhook event about a video, as `unwrapWebhook` returns it and as the `webhookEvents` client option
 * takes it. For video events `data.id` is the video's id.
 *
 * @example
 * ```ts
 * const event: VideoWebhookEvent = {
 *   id: 'evt_1', object: 'event', type: 'video.completed', created_at: 1_760_000_000, data: { id: 'video_123' },
 * };
 * ```
 */
export interface VideoWebhookEvent {
  /** The event id (`evt_…`); stable across redeliveries, so usable as an idempotency key. */
  id: string;
  object: 'event';
  /** `video.completed`, `video.failed`, or any other event type the endpoint is subscribed to. */
  type: 'video.completed' | 'video.failed' | (string & {});
  /** When the event happened, unix seconds. */
  created_at: number;
  data: { id: string };
}

/**
 * The video id an event is about, or `undefined` for anything that does not carry one (liberal in what it
 * accepts: any event type with a string `data.id`).
 *
 * @example
 * ```ts
 * webhookVideoId({ id: 'evt_1', object: 'event', type: 'video.completed', created_at: 0, data: { id: 'video_1' } }); // 'video_1'
 * ```
 */
export function webhookVideoId(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const data = (event as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const id = (data as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
