import type { Redis } from 'ioredis';
import { Observable } from 'rxjs';
import { ConnectionError } from '../errors/request-errors.js';
import { ValidationError } from '../errors/validation-error.js';
import { type VideoWebhookEvent, isVideoWebhookEvent } from './webhook-event.js';

/** Options of {@link redisWebhookEvents} and {@link publishWebhookEvent}. */
export interface RedisWebhookChannelOptions {
  /** The pub/sub channel. @default 'sora-rx:webhooks' */
  channel?: string;
}

/** Messages larger than this are dropped unread (a webhook event is a few hundred bytes). */
const MAX_MESSAGE_CHARS = 64 * 1024;

/**
 * Every webhook event any process publishes with {@link publishWebhookEvent} on `channel`, as an Observable: pass it
 * as a watch's `webhookEvents`, so the watch on this instance hears of a job whose webhook landed on another one.
 * Each subscription opens its own subscriber connection (`redis.duplicate()`; pub/sub needs one) and unsubscribing
 * quits it; ioredis reconnects and resubscribes by itself. Pub/sub is fire-and-forget: events published while this
 * process is disconnected are not replayed, so keep polling as the fallback. Malformed messages are skipped.
 * Errors with `ConnectionError` if the first `SUBSCRIBE` fails.
 *
 * @example
 * ```ts
 * const events$ = redisWebhookEvents(redis, { channel: 'sora:webhooks' }).pipe(share());
 * events$.subscribe((event) => console.log(event.type, event.data.id));
 * ```
 */
export function redisWebhookEvents(
  redis: Redis,
  options: RedisWebhookChannelOptions = {},
): Observable<VideoWebhookEvent> {
  const channel = options.channel ?? 'sora-rx:webhooks';
  return new Observable<VideoWebhookEvent>((subscriber) => {
    const connection = redis.duplicate();
    const onMessage = (from: string, message: string): void => {
      if (from !== channel || message.length > MAX_MESSAGE_CHARS) return;
      const event = parse(message);
      if (event) subscriber.next(event);
    };
    const onError = (): void => undefined; // reconnects are ioredis's job; without a listener it prints each one
    connection.on('message', onMessage);
    connection.on('error', onError);
    connection.subscribe(channel).catch((error: unknown) => {
      subscriber.error(new ConnectionError(`Redis SUBSCRIBE ${channel} failed`, { phase: 'connect', cause: error }));
    });
    return () => {
      connection.off('message', onMessage);
      // QUIT when connected (a clean goodbye), else stop reconnecting at once; onError stays for late errors.
      if (connection.status === 'ready') connection.quit().catch(() => connection.disconnect());
      else connection.disconnect();
    };
  });
}

/**
 * Publishes a webhook event to every process listening with {@link redisWebhookEvents} on `channel` (call it from the
 * one instance the webhook landed on, after verifying the signature). Resolves with the number of listening
 * connections.
 *
 * @throws ValidationError (rejects) when `event` is not a `VideoWebhookEvent`.
 * @example
 * ```ts
 * app.post('/webhooks/sora', async (req, res) => {
 *   const event = unwrapWebhook(req.body, req.headers, secret);
 *   await publishWebhookEvent(redis, event, { channel: 'sora:webhooks' });
 *   res.sendStatus(204);
 * });
 * ```
 */
export async function publishWebhookEvent(
  redis: Redis,
  event: VideoWebhookEvent,
  options: RedisWebhookChannelOptions = {},
): Promise<number> {
  if (!isVideoWebhookEvent(event)) {
    throw new ValidationError(
      'event',
      'must be a webhook event ({ id, object: "event", type, created_at, data: { id } })',
    );
  }
  return redis.publish(options.channel ?? 'sora-rx:webhooks', JSON.stringify(event));
}

function parse(message: string): VideoWebhookEvent | undefined {
  try {
    const value: unknown = JSON.parse(message);
    return isVideoWebhookEvent(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
