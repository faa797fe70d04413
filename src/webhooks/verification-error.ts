import { SoraError, type SoraErrorJSON } from '../errors/sora-error.js';

/**
 * Why a webhook was rejected:
 * - `missing_header`: `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent or empty (see `header`);
 * - `invalid_timestamp`: `webhook-timestamp` is not unix seconds;
 * - `timestamp_too_old` / `timestamp_too_new`: outside the tolerance (replay protection);
 * - `invalid_signature`: no `v1` signature matches the body with this secret;
 * - `invalid_payload`: correctly signed, but not JSON or not a `{ id, type, created_at, data: { id } }` event;
 * - `body_too_large` (413), `incomplete_body` (the sender went away), `raw_body_unavailable` (500: a body parser
 *   consumed the raw body before the webhook route; mount `express.raw({ type: 'application/json' })` there).
 *
 * @example
 * ```ts
 * if (e instanceof WebhookVerificationError && e.reason === 'timestamp_too_old') metrics.replays.add(1);
 * ```
 */
export type WebhookVerificationReason =
  | 'missing_header'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'invalid_signature'
  | 'invalid_payload'
  | 'body_too_large'
  | 'incomplete_body'
  | 'raw_body_unavailable';

/**
 * {@link SoraErrorJSON} plus the rejection reason.
 *
 * @example
 * ```ts
 * logger.warn({ err: error.toJSON() }, 'webhook rejected'); // { reason: 'invalid_signature', statusCode: 400, … }
 * ```
 */
export interface WebhookVerificationErrorJSON extends SoraErrorJSON {
  reason: WebhookVerificationReason;
  header?: string;
}

const STATUS: Partial<Record<WebhookVerificationReason, number>> = { body_too_large: 413, raw_body_unavailable: 500 };

/**
 * A webhook request that cannot be trusted or read. `statusCode` is what to answer (400, 413 or 500). It never
 * holds the secret, the signatures or the body: only the reason, the header at fault and a fixed message.
 *
 * @example
 * ```ts
 * try {
 *   const event = unwrapWebhook(raw, req.headers, secret);
 * } catch (e) {
 *   if (e instanceof WebhookVerificationError) res.writeHead(e.statusCode).end(e.reason);
 * }
 * ```
 */
export class WebhookVerificationError extends SoraError {
  override readonly name: string = 'WebhookVerificationError';
  /** Why it was rejected. */
  readonly reason: WebhookVerificationReason;
  /** The header at fault, for `missing_header`, `invalid_timestamp` and the tolerance reasons. */
  readonly header: string | undefined;

  constructor(reason: WebhookVerificationReason, message: string, header?: string) {
    super(`Webhook rejected (${reason}): ${message}`, {
      code: 'webhook_verification_failed',
      retryable: false,
      statusCode: STATUS[reason] ?? 400,
    });
    this.reason = reason;
    this.header = header;
  }

  override toJSON(): WebhookVerificationErrorJSON {
    return { ...super.toJSON(), reason: this.reason, ...(this.header === undefined ? {} : { header: this.header }) };
  }
}
