import type { WebhookHeaders } from './headers.js';
import type { UnwrapWebhookOptions } from './options.js';
import { parseVideoWebhookEvent } from './parse-event.js';
import { verifyWebhookSignature, type RawWebhookBody } from './signature.js';
import type { VideoWebhookEvent } from '../streams/poller/webhook-event.js';

/**
 * Verifies a Standard Webhooks request (`webhook-id`, `webhook-timestamp`, `webhook-signature`; a `whsec_` secret;
 * any of several space-separated `v1` signatures may match; the timestamp within `toleranceSec` either way) and
 * returns the typed event. Pass the body exactly as received: a re-serialised JSON object does not verify.
 *
 * Throws {@link WebhookVerificationError} (`reason` says why; `statusCode` is what to answer) for an untrusted or
 * malformed request, and `ValidationError` for a malformed secret or option. Neither ever holds the secret.
 *
 * @example
 * ```ts
 * app.post('/webhooks/openai', express.raw({ type: 'application/json' }), (req, res) => {
 *   try {
 *     const event = unwrapWebhook(req.body, req.headers, process.env.OPENAI_WEBHOOK_SECRET!);
 *     if (event.type === 'video.completed') queue.push(event.data.id);
 *     res.sendStatus(204);
 *   } catch (e) {
 *     res.sendStatus(isSoraError(e) ? e.statusCode : 500);
 *   }
 * });
 * ```
 */
export function unwrapWebhook(
  rawBody: RawWebhookBody,
  headers: WebhookHeaders,
  secret: string,
  options: UnwrapWebhookOptions = {},
): VideoWebhookEvent {
  return parseVideoWebhookEvent(verifyWebhookSignature(rawBody, headers, secret, options));
}
