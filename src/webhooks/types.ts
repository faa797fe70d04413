/**
 * A video webhook event as OpenAI sends it for `video.completed` / `video.failed` (a "thin" Standard Webhooks
 * payload: `data.id` is the video id; fetch the video for its state). Fields beyond these are kept as received.
 *
 * @example
 * ```ts
 * const event: VideoWebhookEvent = unwrapWebhook(rawBody, req.headers, process.env.OPENAI_WEBHOOK_SECRET!);
 * if (event.type === 'video.completed') console.log('done:', event.data.id);
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
