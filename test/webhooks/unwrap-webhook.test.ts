import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/index.js';
import { isSoraError } from '../../src/index.js';
import { verifyWebhookSignature } from '../../src/webhooks/signature.js';
import { unwrapWebhook, WebhookVerificationError, type WebhookVerificationReason } from '../../src/webhooks/index.js';
import { SECRET, sign, signedHeaders, videoEventBody } from './helpers.js';

/** The error `fn` throws, asserted to be a WebhookVerificationError. */
function rejection(fn: () => unknown): WebhookVerificationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError);
    return error as WebhookVerificationError;
  }
  throw new Error('expected a WebhookVerificationError');
}

const reasonOf = (fn: () => unknown): WebhookVerificationReason => rejection(fn).reason;

/*
 * Test vectors published by the Standard Webhooks specification's repository (github.com/standard-webhooks/
 * standard-webhooks, commit b2fa7b8): `libraries/javascript/src/webhook.test.ts` "sign function works" (the same
 * vector is in libraries/python/tests/test_webhooks.py and libraries/go/webhook_test.go; the Python test's invalid
 * signature differs in its last base64 digit), and `libraries/rust/src/lib.rs` test_sign / test_no_verify /
 * test_verify_with_multiple_signatures.
 */
const VECTORS = [
  {
    source: 'libraries/javascript/src/webhook.test.ts (also python, go)',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    payload: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    invalid: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=', // python test_invalid_signature_raises_error
  },
  {
    source: 'libraries/rust/src/lib.rs',
    secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
    id: 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk',
    timestamp: 1649367553,
    payload: '{"email":"test@example.com","username":"test_user"}',
    signature: 'v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=',
    invalid: 'v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU=', // rust test_no_verify
  },
];
// Wrong signatures of the multi-signature tests (javascript "multi sig payload is valid", rust ..._multiple_signatures).
const DECOYS = [
  'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
  'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
  'v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ=',
  'v1,Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q=',
  'v1,9DfC1c3eeOrXB6w/5dIDydLNQaEyww5KalE5jLBZucE=',
];

describe('unwrapWebhook: Standard Webhooks test vectors', () => {
  for (const v of VECTORS) {
    const headers = (signature: string) => ({
      'webhook-id': v.id,
      'webhook-timestamp': String(v.timestamp),
      'webhook-signature': signature,
    });
    const at = { now: () => v.timestamp * 1000 };

    it(`accepts the published signature (${v.source})`, () => {
      expect(verifyWebhookSignature(v.payload, headers(v.signature), v.secret, at)).toBe(v.payload);
      // The bare base64 secret (no whsec_ prefix) is the same key.
      expect(verifyWebhookSignature(v.payload, headers(v.signature), v.secret.slice(6), at)).toBe(v.payload);
      // Our independent node:crypto signer agrees with the vector.
      expect(sign(v.secret, v.id, v.timestamp, v.payload)).toBe(v.signature);
      // Correctly signed, but not a video event: a typed payload error, not a signature error.
      expect(reasonOf(() => unwrapWebhook(v.payload, headers(v.signature), v.secret, at))).toBe('invalid_payload');
    });

    it(`rejects the published wrong signature (${v.source})`, () => {
      expect(reasonOf(() => unwrapWebhook(v.payload, headers(v.invalid), v.secret, at))).toBe('invalid_signature');
    });

    it(`accepts one valid signature among several, rejects only decoys (${v.source})`, () => {
      const mixed = [DECOYS[0], DECOYS[1], v.signature, DECOYS[2]].join(' ');
      expect(verifyWebhookSignature(v.payload, headers(mixed), v.secret, at)).toBe(v.payload);
      expect(reasonOf(() => unwrapWebhook(v.payload, headers(DECOYS.join(' ')), v.secret, at))).toBe(
        'invalid_signature',
      );
    });

    it(`applies the 300 s tolerance both ways around the vector's timestamp (${v.source})`, () => {
      const h = headers(v.signature);
      const ms = v.timestamp * 1000;
      expect(verifyWebhookSignature(v.payload, h, v.secret, { now: () => ms + 300_999 })).toBe(v.payload);
      expect(verifyWebhookSignature(v.payload, h, v.secret, { now: () => ms - 300_000 })).toBe(v.payload);
      expect(reasonOf(() => verifyWebhookSignature(v.payload, h, v.secret, { now: () => ms + 301_000 }))).toBe(
        'timestamp_too_old',
      );
      expect(reasonOf(() => verifyWebhookSignature(v.payload, h, v.secret, { now: () => ms - 301_000 }))).toBe(
        'timestamp_too_new',
      );
      // And against the real clock, 2021 is long stale.
      expect(reasonOf(() => verifyWebhookSignature(v.payload, h, v.secret))).toBe('timestamp_too_old');
    });
  }
});

describe('unwrapWebhook', () => {
  const body = videoEventBody();

  it('returns the typed event of a correctly signed video.completed', () => {
    const event = unwrapWebhook(body, signedHeaders(SECRET, body), SECRET);
    expect(event).toEqual({
      id: 'evt_test_1',
      object: 'event',
      type: 'video.completed',
      created_at: 1_760_000_000,
      data: { id: 'video_123' },
    });
  });

  it('accepts Buffer, Uint8Array views, fetch Headers, array values and any header case', () => {
    const headers = signedHeaders(SECRET, body);
    const framed = Buffer.from(`xx${body}yy`);
    const view = new Uint8Array(framed.buffer, framed.byteOffset + 2, Buffer.byteLength(body));
    const shouting = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    const arrays = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
    expect(unwrapWebhook(Buffer.from(body), headers, SECRET).data.id).toBe('video_123');
    expect(unwrapWebhook(view, new Headers(headers), SECRET).data.id).toBe('video_123');
    expect(unwrapWebhook(body, shouting, SECRET).data.id).toBe('video_123');
    expect(unwrapWebhook(body, arrays, SECRET).data.id).toBe('video_123');
  });

  it('rejects a wrong secret', () => {
    const other = 'whsec_b3RoZXItc2VjcmV0LW9mLTI0LWJ5dGVzISE=';
    const error = rejection(() => unwrapWebhook(body, signedHeaders(other, body), SECRET));
    expect(error.reason).toBe('invalid_signature');
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('webhook_verification_failed');
    expect(isSoraError(error)).toBe(true);
  });

  it('rejects a tampered body (one byte, or re-serialised JSON)', () => {
    const headers = signedHeaders(SECRET, body);
    expect(reasonOf(() => unwrapWebhook(body.replace('video_123', 'video_124'), headers, SECRET))).toBe(
      'invalid_signature',
    );
    const reserialised = JSON.stringify(JSON.parse(body) as unknown, null, 2);
    expect(reasonOf(() => unwrapWebhook(reserialised, headers, SECRET))).toBe('invalid_signature');
  });

  it('rejects a signature replayed with another id or timestamp', () => {
    const headers = signedHeaders(SECRET, body, { timestampSec: 1_000_000 });
    const now = { now: () => 1_000_000_000 };
    expect(unwrapWebhook(body, headers, SECRET, now).id).toBe('evt_test_1');
    expect(reasonOf(() => unwrapWebhook(body, { ...headers, 'webhook-id': 'evt_other' }, SECRET, now))).toBe(
      'invalid_signature',
    );
    expect(reasonOf(() => unwrapWebhook(body, { ...headers, 'webhook-timestamp': '1000001' }, SECRET, now))).toBe(
      'invalid_signature',
    );
  });

  it('rejects stale and future timestamps, with toleranceSec and the clock option', () => {
    const now = Date.now();
    const at = (offsetSec: number) => signedHeaders(SECRET, body, { timestampSec: Math.floor(now / 1000) + offsetSec });
    expect(reasonOf(() => unwrapWebhook(body, at(-301), SECRET, { now: () => now }))).toBe('timestamp_too_old');
    expect(reasonOf(() => unwrapWebhook(body, at(301), SECRET, { now: () => now }))).toBe('timestamp_too_new');
    expect(unwrapWebhook(body, at(-299), SECRET, { now: () => now }).id).toBe('evt_test_1');
    expect(reasonOf(() => unwrapWebhook(body, at(-11), SECRET, { now: () => now, toleranceSec: 10 }))).toBe(
      'timestamp_too_old',
    );
    expect(unwrapWebhook(body, at(-3000), SECRET, { toleranceSec: 3600 }).id).toBe('evt_test_1');
    const error = rejection(() => unwrapWebhook(body, at(-400), SECRET));
    expect(error.header).toBe('webhook-timestamp');
    expect(error.message).toMatch(/tolerance 300 s/);
  });

  it('rejects a timestamp that is not unix seconds', () => {
    for (const ts of ['hello', '1614265330.5', '-1', '0x10', '16142653300000000']) {
      const headers = { ...signedHeaders(SECRET, body), 'webhook-timestamp': ts };
      expect(reasonOf(() => unwrapWebhook(body, headers, SECRET))).toBe('invalid_timestamp');
    }
  });

  it('rejects missing or empty headers, naming the header', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const headers: Record<string, string | undefined> = signedHeaders(SECRET, body);
      delete headers[name];
      const missing = rejection(() => unwrapWebhook(body, headers, SECRET));
      expect([missing.reason, missing.header]).toEqual(['missing_header', name]);
      const empty = rejection(() => unwrapWebhook(body, { ...headers, [name]: '' }, SECRET));
      expect([empty.reason, empty.header]).toEqual(['missing_header', name]);
    }
    expect(reasonOf(() => unwrapWebhook(body, {}, SECRET))).toBe('missing_header');
  });

  it('rejects a signature header without any v1 entry, and partial signatures', () => {
    const good = signedHeaders(SECRET, body);
    for (const sig of [
      'v1,',
      'v1',
      good['webhook-signature']!.slice(0, 8),
      'v1a,abc',
      good['webhook-signature']!.slice(3),
    ]) {
      expect(reasonOf(() => unwrapWebhook(body, { ...good, 'webhook-signature': sig }, SECRET))).toBe(
        'invalid_signature',
      );
    }
  });

  it('takes signatures a proxy joined with ", " or sent as repeated headers', () => {
    const good = signedHeaders(SECRET, body);
    const joined = `${DECOYS[0]}, ${good['webhook-signature']}`;
    expect(unwrapWebhook(body, { ...good, 'webhook-signature': joined }, SECRET).id).toBe('evt_test_1');
    const repeated = [DECOYS[2]!, good['webhook-signature']!];
    expect(unwrapWebhook(body, { ...good, 'webhook-signature': repeated }, SECRET).id).toBe('evt_test_1');
  });

  it('types a correctly signed but malformed payload as invalid_payload, and keeps extra fields', () => {
    const signedWith = (text: string) => () => unwrapWebhook(text, signedHeaders(SECRET, text), SECRET);
    for (const text of [
      'not json',
      '[]',
      '"event"',
      videoEventBody({ id: 42 }),
      videoEventBody({ type: '' }),
      videoEventBody({ object: 'video' }),
      videoEventBody({ created_at: 'yesterday' }),
      videoEventBody({ data: null }),
      videoEventBody({ data: { object: 'video' } }),
    ]) {
      expect(reasonOf(signedWith(text))).toBe('invalid_payload');
    }
    const rich = videoEventBody({ type: 'video.failed', object: undefined, created_at: '1760000001', extra: [1] });
    const withData = rich.replace('{"id":"video_123"}', '{"id":"video_123","status":"failed"}');
    expect(signedWith(withData)()).toEqual({
      id: 'evt_test_1',
      object: 'event',
      type: 'video.failed',
      created_at: 1_760_000_001,
      extra: [1],
      data: { id: 'video_123', status: 'failed' },
    });
  });

  it('rejects a malformed secret or option with a ValidationError, before looking at the request', () => {
    for (const secret of ['', 'whsec_', 'not base64!', 'whsec_a', 'whsec_ab-_']) {
      expect(() => unwrapWebhook(body, {}, secret)).toThrow(ValidationError);
    }
    expect(() => unwrapWebhook(body, {}, SECRET, { toleranceSec: -1 })).toThrow(ValidationError);
    expect(() => unwrapWebhook(body, {}, SECRET, { toleranceSec: Number.NaN })).toThrow(ValidationError);
    // Unpadded base64 is padded, as senders sometimes print it.
    const unpadded = SECRET.replace(/=+$/, '');
    expect(unwrapWebhook(body, signedHeaders(SECRET, body), unpadded).id).toBe('evt_test_1');
  });

  it('never shows the secret or a signature in message, toJSON, inspect or stack', () => {
    const other = 'whsec_b3RoZXItc2VjcmV0LW9mLTI0LWJ5dGVzISE=';
    const headers = signedHeaders(other, body);
    const failures: unknown[] = [];
    const attempts: (() => unknown)[] = [
      () => unwrapWebhook(body, headers, SECRET),
      () => unwrapWebhook(body, { ...headers, 'webhook-timestamp': '12' }, SECRET),
      () => unwrapWebhook(body, { ...headers, 'webhook-id': undefined }, SECRET),
      () => unwrapWebhook('{', signedHeaders(SECRET, '{'), SECRET),
      () => unwrapWebhook(body, headers, `${SECRET}!`),
      () => unwrapWebhook(body, headers, SECRET.slice(6, 20)),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
      } catch (error) {
        failures.push(error);
      }
    }
    expect(failures).toHaveLength(attempts.length);
    const secretParts = [SECRET, SECRET.slice(6), SECRET.slice(6, 20), other.slice(6)];
    const signature = headers['webhook-signature']!.slice(3);
    for (const error of failures) {
      const shown = [
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
        String((error as Error).stack),
        String(error),
      ].join('\n');
      for (const part of [...secretParts, signature]) expect(shown).not.toContain(part);
    }
    expect(JSON.parse(JSON.stringify(failures[0])) as unknown).toMatchObject({
      name: 'WebhookVerificationError',
      code: 'webhook_verification_failed',
      reason: 'invalid_signature',
      header: 'webhook-signature',
      statusCode: 400,
    });
  });
});
