import { Subject, type Observable } from 'rxjs';
import { ValidationError } from '../errors/validation-error.js';
import { createWebhookHandler, type WebhookRequestHandler } from './handler.js';
import type { ReadWebhookOptions } from './read-request.js';
import type { VideoWebhookEvent } from '../streams/poller/webhook-event.js';

/**
 * Options of {@link webhookEventStream}.
 *
 * @example
 * ```ts
 * webhookEventStream({ secret, dedupeWindow: 10_000, maxBodyBytes: 64 * 1024 });
 * ```
 */
export interface WebhookEventStreamOptions extends ReadWebhookOptions {
  /** The endpoint's signing secret (`whsec_…`). */
  secret: string;
  /**
   * Redeliveries of the last this-many event ids are acknowledged but not emitted again (senders retry until they
   * see a 2xx, so one event can arrive twice). 0 turns it off.
   * @default 1000
   */
  dedupeWindow?: number;
  /** Gets every rejected request's error (for logging). */
  onError?: (error: unknown) => void;
}

/**
 * A verified-event stream and the request listener that feeds it.
 *
 * @example
 * ```ts
 * const hook: WebhookEventStream = webhookEventStream({ secret });
 * app.post('/webhooks/openai', hook.handler);
 * hook.events$.pipe(filter((e) => e.type === 'video.failed')).subscribe(alertOnCall);
 * ```
 */
export interface WebhookEventStream {
  /** Hot: every verified event, once per event id, to every current subscriber; completes on `close()`. */
  readonly events$: Observable<VideoWebhookEvent>;
  /** The request listener (`http.createServer(hook.handler)`, `app.post(path, hook.handler)`). */
  readonly handler: WebhookRequestHandler;
  /** Completes `events$`; later requests are answered `503` so the sender keeps them for later. */
  close(): void;
}

/** Remembers the last `size` ids (insertion order). */
class RecentIds {
  readonly #ids = new Set<string>();
  constructor(private readonly size: number) {}
  /** True when `id` was seen; otherwise remembers it. */
  seen(id: string): boolean {
    if (this.size === 0) return false;
    if (this.#ids.has(id)) return true;
    this.#ids.add(id);
    if (this.#ids.size > this.size) this.#ids.delete(this.#ids.values().next().value!);
    return false;
  }
}

/**
 * Verified webhook events as an Observable, plus the HTTP listener that receives them: plug the listener into a
 * server and the stream into a client's `webhookEvents` option, so a finished job is noticed at once instead of
 * at the next poll.
 *
 * @example
 * ```ts
 * const hook = webhookEventStream({ secret: process.env.OPENAI_WEBHOOK_SECRET! });
 * http.createServer(hook.handler).listen(8080);
 * const sora = createSoraClient({ webhookEvents: hook.events$ });
 * hook.events$.subscribe((event) => console.log(event.type, event.data.id));
 * ```
 */
export function webhookEventStream(options: WebhookEventStreamOptions): WebhookEventStream {
  const window = options.dedupeWindow ?? 1000;
  if (!Number.isSafeInteger(window) || window < 0) {
    throw new ValidationError('dedupeWindow', 'must be a whole number >= 0');
  }
  const subject = new Subject<VideoWebhookEvent>();
  const recent = new RecentIds(window);
  let closed = false;
  const verified = createWebhookHandler({
    ...options,
    onEvent: (event) => {
      if (!recent.seen(event.id)) subject.next(event);
    },
  });
  const handler: WebhookRequestHandler = (req, res) => {
    if (!closed) {
      verified(req, res);
      return;
    }
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '60' });
    res.end(JSON.stringify({ error: { code: 'webhook_stream_closed', message: 'Not accepting events' } }));
  };
  return {
    events$: subject.asObservable(),
    handler,
    close(): void {
      if (closed) return;
      closed = true;
      subject.complete();
    },
  };
}
