import http from 'node:http';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/index.js';
import {
  createWebhookHandler,
  readWebhookRequest,
  webhookEventStream,
  WebhookVerificationError,
  type VideoWebhookEvent,
} from '../../src/index.js';
import { SECRET, listen, signedHeaders, videoEventBody, type Receiver } from './helpers.js';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** A chunked POST (no content-length) of `chunks` pieces of `size` bytes; resolves with the status. */
function chunkedPost(url: string, chunks: number, size: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    let sent = 0;
    const pump = (): void => {
      while (sent < chunks) {
        sent++;
        if (!req.write(Buffer.alloc(size, 0x20))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('createWebhookHandler on a loopback server', () => {
  const body = videoEventBody();

  it('answers 204 and hands the verified event to onEvent', async () => {
    const events: VideoWebhookEvent[] = [];
    receiver = await listen(createWebhookHandler({ secret: SECRET, onEvent: (e) => void events.push(e) }));
    const res = await post(receiver.url, body, signedHeaders(SECRET, body));
    expect(res.status).toBe(204);
    expect(events.map((e) => [e.type, e.data.id])).toEqual([['video.completed', 'video_123']]);
  });

  it('waits for a returned promise, and answers 500 when onEvent fails (so the sender retries)', async () => {
    const errors: unknown[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const onEvent = async (): Promise<void> => {
      calls++;
      if (calls === 1) return gate;
      throw new Error('database down');
    };
    receiver = await listen(createWebhookHandler({ secret: SECRET, onEvent, onError: (e) => void errors.push(e) }));
    const first = post(receiver.url, body, signedHeaders(SECRET, body));
    let settled = false;
    void first.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    release();
    expect((await first).status).toBe(204);
    const failed = await post(receiver.url, body, signedHeaders(SECRET, body));
    expect(failed.status).toBe(500);
    expect(failed.text).not.toContain('database down');
    expect(errors.map((e) => (e as Error).message)).toEqual(['database down']);
  });

  it('answers 400 with the reason for a bad signature, a stale timestamp or missing headers', async () => {
    const errors: unknown[] = [];
    receiver = await listen(
      createWebhookHandler({ secret: SECRET, onEvent: () => undefined, onError: (e) => void errors.push(e) }),
    );
    const wrong = signedHeaders('whsec_b3RoZXItc2VjcmV0LW9mLTI0LWJ5dGVzISE=', body);
    const stale = signedHeaders(SECRET, body, { timestampSec: Math.floor(Date.now() / 1000) - 3600 });
    const results = [
      await post(receiver.url, body, wrong),
      await post(receiver.url, body, stale),
      await post(receiver.url, body, {}),
    ];
    expect(results.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(results.map((r) => (JSON.parse(r.text) as { error: { reason: string } }).error.reason)).toEqual([
      'invalid_signature',
      'timestamp_too_old',
      'missing_header',
    ]);
    for (const r of results) expect(r.text).not.toContain(SECRET.slice(6));
    expect(errors.every((e) => e instanceof WebhookVerificationError)).toBe(true);
  });

  it('answers 413 for a declared or a streamed body over maxBodyBytes, without buffering it', async () => {
    const events: unknown[] = [];
    receiver = await listen(
      createWebhookHandler({ secret: SECRET, maxBodyBytes: 1024, onEvent: (e) => void events.push(e) }),
    );
    const big = ' '.repeat(2048);
    const declared = await post(receiver.url, big, signedHeaders(SECRET, big));
    expect(declared.status).toBe(413);
    expect(declared.headers.get('connection')).toBe('close');
    expect(await chunkedPost(receiver.url, 64, 1024, signedHeaders(SECRET, 'x'))).toBe(413);
    // Within the bound it still works.
    expect((await post(receiver.url, body, signedHeaders(SECRET, body))).status).toBe(204);
    expect(events).toHaveLength(1);
  });

  it('answers 405 to anything but POST', async () => {
    receiver = await listen(createWebhookHandler({ secret: SECRET, onEvent: () => undefined }));
    const res = await fetch(receiver.url);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('uses a raw body an Express-style parser kept, and says so when a JSON parser ate it', async () => {
    const events: VideoWebhookEvent[] = [];
    const handler = createWebhookHandler({ secret: SECRET, onEvent: (e) => void events.push(e) });
    let mode: 'raw' | 'json' = 'raw';
    receiver = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        Object.assign(req, { body: mode === 'raw' ? raw : (JSON.parse(raw.toString()) as unknown) });
        handler(req, res);
      });
    });
    expect((await post(receiver.url, body, signedHeaders(SECRET, body))).status).toBe(204);
    mode = 'json';
    const eaten = await post(receiver.url, body, signedHeaders(SECRET, body));
    expect(eaten.status).toBe(500);
    expect(JSON.parse(eaten.text)).toMatchObject({ error: { reason: 'raw_body_unavailable' } });
    expect(events).toHaveLength(1);
  });

  it('checks the secret and options when created', () => {
    expect(() => createWebhookHandler({ secret: 'nope!', onEvent: () => undefined })).toThrow(ValidationError);
    expect(() => createWebhookHandler({ secret: SECRET, onEvent: () => undefined, maxBodyBytes: 0 })).toThrow(
      ValidationError,
    );
    expect(() => createWebhookHandler({ secret: SECRET, onEvent: () => undefined, toleranceSec: -5 })).toThrow(
      ValidationError,
    );
  });
});

describe('readWebhookRequest', () => {
  it('resolves with the event, or rejects with a WebhookVerificationError', async () => {
    const results: unknown[] = [];
    receiver = await listen((req, res) => {
      readWebhookRequest(req, SECRET, { toleranceSec: 60 }).then(
        (event) => {
          results.push(event);
          res.writeHead(204).end();
        },
        (error: unknown) => {
          results.push(error);
          res.writeHead(error instanceof WebhookVerificationError ? error.statusCode : 500).end();
        },
      );
    });
    const body = videoEventBody({ type: 'video.failed' });
    expect((await post(receiver.url, body, signedHeaders(SECRET, body))).status).toBe(204);
    expect((await post(receiver.url, `${body} `, signedHeaders(SECRET, body))).status).toBe(400);
    expect((results[0] as VideoWebhookEvent).type).toBe('video.failed');
    expect((results[1] as WebhookVerificationError).reason).toBe('invalid_signature');
  });
});

describe('webhookEventStream', () => {
  it('feeds verified events to events$, once per event id, and answers 503 after close()', async () => {
    const hook = webhookEventStream({ secret: SECRET });
    receiver = await listen(hook.handler);
    const collected = lastValueFrom(hook.events$.pipe(toArray()));
    const completed = videoEventBody({ id: 'evt_1', data: { id: 'video_1' } });
    const failed = videoEventBody({ id: 'evt_2', type: 'video.failed', data: { id: 'video_2' } });
    const statuses = [
      (await post(receiver.url, completed, signedHeaders(SECRET, completed, { id: 'evt_1' }))).status,
      (await post(receiver.url, completed, signedHeaders(SECRET, completed, { id: 'evt_1' }))).status, // redelivery
      (await post(receiver.url, failed, signedHeaders(SECRET, failed, { id: 'evt_2' }))).status,
      (await post(receiver.url, failed, signedHeaders('whsec_b3RoZXItc2VjcmV0LW9mLTI0LWJ5dGVzISE=', failed))).status,
    ];
    hook.close();
    const after = await post(receiver.url, completed, signedHeaders(SECRET, completed));
    expect(statuses).toEqual([204, 204, 204, 400]);
    expect(after.status).toBe(503);
    const events = await collected;
    expect(events.map((e) => [e.id, e.type, e.data.id])).toEqual([
      ['evt_1', 'video.completed', 'video_1'],
      ['evt_2', 'video.failed', 'video_2'],
    ]);
  });

  it('dedupes only within its window', async () => {
    const hook = webhookEventStream({ secret: SECRET, dedupeWindow: 1 });
    receiver = await listen(hook.handler);
    const seen: string[] = [];
    hook.events$.subscribe((e) => seen.push(e.id));
    for (const id of ['evt_a', 'evt_a', 'evt_b', 'evt_a']) {
      const body = videoEventBody({ id });
      expect((await post(receiver.url, body, signedHeaders(SECRET, body, { id }))).status).toBe(204);
    }
    hook.close();
    expect(seen).toEqual(['evt_a', 'evt_b', 'evt_a']);
  });
});
