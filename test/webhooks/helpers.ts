import { createHmac } from 'node:crypto';

/** A test secret (24 random-looking bytes, base64) in the whsec_ format. */
export const SECRET = 'whsec_dGVzdC1zZWNyZXQtZm9yLXNvcmEtcngtaG9va3M=';

/** Signs like a Standard Webhooks sender, with node:crypto (independent of the `standardwebhooks` package). */
export function sign(secret: string, id: string, timestampSec: number, body: string | Buffer): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSec}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

/** Headers of a signed request. */
export function signedHeaders(
  secret: string,
  body: string | Buffer,
  { id = 'evt_test_1', timestampSec = Math.floor(Date.now() / 1000) } = {},
): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': sign(secret, id, timestampSec, body),
  };
}

/** A `video.completed` body as OpenAI would send it. */
export function videoEventBody(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'evt_test_1',
    object: 'event',
    type: 'video.completed',
    created_at: 1_760_000_000,
    data: { id: 'video_123' },
    ...overrides,
  });
}
