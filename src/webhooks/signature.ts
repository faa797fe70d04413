import { timingSafeEqual } from 'node:crypto';
import { readSignedHeaders, type WebhookHeaders } from './headers.js';
import type { UnwrapWebhookOptions } from './options.js';
import { resolveUnwrapOptions } from './options.js';
import { webhookSigner } from './secret.js';
import { WebhookVerificationError } from './verification-error.js';

/**
 * A raw request body: exactly the bytes that were signed.
 *
 * @example
 * ```ts
 * const raw: RawWebhookBody = await request.text(); // fetch; or a Buffer from express.raw()
 * ```
 */
export type RawWebhookBody = string | Buffer | Uint8Array;

const UNIX_SECONDS = /^\d{1,12}$/;

function toSignable(body: RawWebhookBody): string | Buffer {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new WebhookVerificationError('raw_body_unavailable', 'the body must be the raw string or bytes as received');
}

function checkTimestamp(header: string, nowMs: number, toleranceSec: number): number {
  if (!UNIX_SECONDS.test(header)) {
    throw new WebhookVerificationError(
      'invalid_timestamp',
      'webhook-timestamp is not unix seconds',
      'webhook-timestamp',
    );
  }
  const timestamp = Number(header);
  const now = Math.floor(nowMs / 1000);
  if (now - timestamp > toleranceSec) {
    const message = `webhook-timestamp is ${now - timestamp} s old (tolerance ${toleranceSec} s)`;
    throw new WebhookVerificationError('timestamp_too_old', message, 'webhook-timestamp');
  }
  if (timestamp - now > toleranceSec) {
    const message = `webhook-timestamp is ${timestamp - now} s in the future (tolerance ${toleranceSec} s)`;
    throw new WebhookVerificationError('timestamp_too_new', message, 'webhook-timestamp');
  }
  return timestamp;
}

/**
 * Verifies a Standard Webhooks request and returns its body as text.
 *
 * The HMAC (key decoding, `id.timestamp.body`, HMAC-SHA256, base64) is the `standardwebhooks` package's `sign()`.
 * Its `verify()` is not used because it hard-codes a 300 s tolerance against `Date.now()`: the timestamp is checked
 * here with `toleranceSec` and `now`, then every `v1,` entry of `webhook-signature` is compared in constant time.
 */
export function verifyWebhookSignature(
  rawBody: RawWebhookBody,
  headers: WebhookHeaders,
  secret: string,
  options: UnwrapWebhookOptions = {},
): string {
  const { toleranceSec, now } = resolveUnwrapOptions(options);
  const signer = webhookSigner(secret);
  const signed = readSignedHeaders(headers);
  const timestamp = checkTimestamp(signed.timestamp, now(), toleranceSec);
  const body = toSignable(rawBody);
  const expected = Buffer.from(signer.sign(signed.id, new Date(timestamp * 1000), body).slice('v1,'.length));
  let checked = 0;
  for (const entry of signed.signatures) {
    const comma = entry.indexOf(',');
    if (comma === -1 || entry.slice(0, comma) !== 'v1') continue;
    checked++;
    const candidate = Buffer.from(entry.slice(comma + 1));
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
      return typeof body === 'string' ? body : body.toString('utf8');
    }
  }
  const message =
    checked === 0
      ? 'webhook-signature has no v1 signature'
      : `none of the ${checked} v1 signature(s) matches the body with this secret`;
  throw new WebhookVerificationError('invalid_signature', message, 'webhook-signature');
}
