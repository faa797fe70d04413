import { randomHex } from './ids.js';
import { pushRecord } from './recorder.js';
import { TimerSet } from './timers.js';
import type { ResolvedWebhookOptions } from './options.js';
import { signWebhook } from './webhook-signature.js';
import { WebhookPoster, type PostOutcome } from './webhook-post.js';
import type { Clock, WebhookDelivery, WebhookEventType } from './types.js';

/** The longest wait between attempts, whatever `retry-after` says. */
export const MAX_WEBHOOK_RETRY_DELAY_MS = 30_000;

/** A mutable delivery record (the public view is read-only). */
type DeliveryRecord = { -readonly [K in keyof WebhookDelivery]: WebhookDelivery[K] };

function retryAfterMs(header: string | undefined): number {
  return header !== undefined && /^\d+$/.test(header) ? Number(header) * 1000 : 0;
}

/**
 * Sends signed Standard Webhooks events: one POST per attempt with a fresh `webhook-timestamp` and signature and
 * the same `webhook-id`; a non-2xx answer, a timeout or a connection error is retried after `retryDelayMs`,
 * doubling (at least `retry-after` seconds, at most 30 s), up to `maxAttempts`; `410 Gone` stops at once.
 */
export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  readonly #timers = new TimerSet();
  readonly #poster: WebhookPoster;
  /** Bumped by `cancelAll()`, so loops started before it stop. */
  #generation = 0;

  constructor(
    private readonly options: ResolvedWebhookOptions,
    private readonly clock: Clock,
    private readonly maxRecords: number,
  ) {
    this.#poster = new WebhookPoster(options.url, options.timeoutMs);
  }

  /** Queues the event of a job that ended (its `created_at` is the job's end). */
  send(type: WebhookEventType, videoId: string, endedAtMs: number): void {
    const eventId = `evt_${randomHex(16)}`;
    const body = Buffer.from(
      JSON.stringify({
        id: eventId,
        object: 'event',
        type,
        created_at: Math.floor(endedAtMs / 1000),
        data: { id: videoId },
      }),
    );
    const record: DeliveryRecord = { eventId, type, videoId, status: 'pending', attempts: 0, lastStatus: null };
    pushRecord(this.deliveries, record, this.maxRecords);
    void this.#deliver(record, body, this.#generation);
  }

  async #deliver(record: DeliveryRecord, body: Buffer, generation: number): Promise<void> {
    const { key, maxAttempts, retryDelayMs } = this.options;
    for (let attempt = 1; ; attempt++) {
      const timestamp = Math.floor(this.clock.now() / 1000);
      const headers = {
        'user-agent': 'sora-rx-emulator',
        'webhook-id': record.eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(key, record.eventId, timestamp, body),
      };
      const outcome: PostOutcome = await this.#poster.post(body, headers);
      if (generation !== this.#generation) return;
      record.attempts = attempt;
      if ('status' in outcome) {
        record.lastStatus = outcome.status;
        record.lastError = outcome.status >= 200 && outcome.status < 300 ? undefined : `HTTP ${outcome.status}`;
      } else {
        record.lastStatus = null;
        record.lastError = outcome.error;
      }
      if (record.lastError === undefined) {
        record.status = 'delivered';
        return;
      }
      if (attempt >= maxAttempts || record.lastStatus === 410) {
        record.status = 'failed';
        return;
      }
      const backoff = retryDelayMs * 2 ** (attempt - 1);
      const hinted = 'status' in outcome ? retryAfterMs(outcome.retryAfter) : 0;
      await this.#timers.sleep(Math.min(Math.max(backoff, hinted), MAX_WEBHOOK_RETRY_DELAY_MS));
      if (generation !== this.#generation) return;
    }
  }

  /** Drops every pending delivery and its records (for `reset()`). */
  cancelAll(): void {
    this.#generation++;
    this.#timers.clearAll();
    this.deliveries.length = 0;
  }

  /** Stops every timer and socket. */
  close(): void {
    this.cancelAll();
    this.#poster.close();
  }
}
