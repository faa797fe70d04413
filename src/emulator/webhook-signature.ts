import { createHmac } from 'node:crypto';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The HMAC key of a Standard Webhooks secret: the base64 after `whsec_` (the prefix is optional; unpadded base64 is
 * accepted). Throws a `TypeError` that never repeats the secret.
 */
export function webhookKey(secret: string): Buffer {
  const bare = typeof secret === 'string' && secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (typeof bare !== 'string' || bare.length < 2 || bare.length % 4 === 1 || !BASE64.test(bare)) {
    throw new TypeError('Emulator option webhook.secret must be whsec_ followed by base64');
  }
  const key = Buffer.from(bare, 'base64');
  if (key.length === 0) throw new TypeError('Emulator option webhook.secret must be whsec_ followed by base64');
  return key;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the Standard Webhooks symmetric signature. */
export function signWebhook(key: Buffer, id: string, timestampSec: number, body: Buffer | string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSec}.`).update(body).digest('base64')}`;
}
