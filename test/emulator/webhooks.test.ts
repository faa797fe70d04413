/**
 * The emulator's webhooks: signed `video.completed` / `video.failed` events POSTed to a real loopback receiver built
 * with sora-rx's own handler (so the emulator's node:crypto signer and the client's verifier check each other),
 * retried after failures with bounded attempts, stopped by delete/reset/close without leaked handles.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type SoraEmulator } from '../../src/emulator/index.js';
import { signWebhook, webhookKey } from '../../src/emulator/webhook-signature.js';
import { webhookEventStream, type VideoWebhookEvent } from '../../src/index.js';
import { SECRET, listen, waitUntil, type Receiver } from '../webhooks/helpers.js';
import { call, start } from './helpers.js';

const stop: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of stop.splice(0).reverse()) await close();
});

/** A receiver: `webhookEventStream` behind `fail(n)`, which answers the n-th request itself when it returns a status. */
async function receiverWith(
  options: { now?: () => number; fail?: (n: number) => number | undefined } = {},
): Promise<{ receiver: Receiver; events: VideoWebhookEvent[] }> {
  const hook = webhookEventStream({ secret: SECRET, ...(options.now ? { now: options.now } : {}) });
  const events: VideoWebhookEvent[] = [];
  hook.events$.subscribe((e) => events.push(e));
  let n = 0;
  const receiver = await listen((req, res) => {
    const status = options.fail?.(++n);
    if (status === undefined) return hook.handler(req, res);
    req.resume();
    res.writeHead(status).end();
  });
  stop.push(async () => {
    hook.close();
    await receiver.close();
  });
  return { receiver, events };
}

async function emulatorFor(url: string, extra: Parameters<typeof start>[0] = {}): Promise<SoraEmulator> {
  const emu = await start({ timeScale: 0.01, webhook: { url, secret: SECRET, retryDelayMs: 10 }, ...extra });
  stop.push(() => emu.close());
  return emu;
}

async function createJob(emu: SoraEmulator, prompt: string): Promise<string> {
  const res = await call(emu, 'POST', '/videos', { json: { prompt } });
  expect(res.status).toBe(200);
  return res.json<{ id: string }>().id;
}

const handles = (): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
};

describe('emulator webhook signer', () => {
  it('matches the Standard Webhooks published vectors (libraries/javascript and libraries/rust tests)', () => {
    // Values from github.com/standard-webhooks/standard-webhooks (commit b2fa7b8), "sign function works" / test_sign.
    const js = webhookKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(signWebhook(js, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
    const rust = webhookKey('whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD');
    const payload = '{"email":"test@example.com","username":"test_user"}';
    expect(signWebhook(rust, 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk', 1649367553, payload)).toBe(
      'v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=',
    );
  });

  it('rejects bad webhook options without repeating the secret', async () => {
    const secret = 'not a secret but private!';
    await expect(start({ webhook: { url: 'http://127.0.0.1:1/', secret } })).rejects.toThrow(TypeError);
    await start({ webhook: { url: 'http://127.0.0.1:1/', secret } }).catch((e: Error) => {
      expect(`${e.message}${e.stack}`).not.toContain(secret);
    });
    await expect(start({ webhook: { url: 'ftp://x/', secret: SECRET } })).rejects.toThrow(/http\(s\) URL/);
    await expect(start({ webhook: { url: 'http://x/', secret: SECRET, maxAttempts: 0 } })).rejects.toThrow(RangeError);
  });
});

describe('emulator webhooks to a sora-rx receiver on loopback', () => {
  it('sends a verified video.completed and video.failed when the jobs end', { timeout: 10_000 }, async () => {
    const { receiver, events } = await receiverWith();
    const emu = await emulatorFor(receiver.url);
    const done = await createJob(emu, 'a paper boat');
    const failed = await createJob(emu, '[fail] a paper boat');
    // (Not sent before a job ends: the ManualClock test below checks that on virtual time, free of load races.)
    await waitUntil(() => events.length === 2);
    const byVideo = Object.fromEntries(events.map((e) => [e.data.id, e]));
    expect(byVideo[done]).toMatchObject({ object: 'event', type: 'video.completed', data: { id: done } });
    expect(byVideo[failed]).toMatchObject({ object: 'event', type: 'video.failed', data: { id: failed } });
    // The event says when the job ended, as the Video does.
    expect(byVideo[done]!.created_at).toBe(emu.videos.get(done)!.completed_at);
    expect(byVideo[done]!.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(emu.videos.get(done)!.status).toBe('completed');
    const head = receiver.seen[0]!.headers;
    expect(head['webhook-id']).toMatch(/^evt_/);
    expect(head['content-type']).toBe('application/json');
    await waitUntil(() => emu.webhookDeliveries.every((d) => d.status === 'delivered'));
    expect(emu.webhookDeliveries.map((d) => [d.videoId, d.type, d.attempts, d.lastStatus]).sort()).toEqual(
      [
        [done, 'video.completed', 1, 204],
        [failed, 'video.failed', 1, 204],
      ].sort(),
    );
  });

  it('retries after a 500 with the same webhook-id, each attempt signed, then delivers once', async () => {
    const { receiver, events } = await receiverWith({ fail: (n) => (n <= 2 ? 500 : undefined) });
    const emu = await emulatorFor(receiver.url);
    const id = await createJob(emu, 'retried');
    await waitUntil(() => events.length === 1);
    expect(events[0]!.data.id).toBe(id);
    expect(receiver.seen).toHaveLength(3);
    expect(new Set(receiver.seen.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(receiver.seen.every((r) => /^v1,/.test(String(r.headers['webhook-signature'])))).toBe(true);
    await waitUntil(() => emu.webhookDeliveries[0]?.status !== 'pending');
    expect(emu.webhookDeliveries[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 204 });
  });

  it('gives up after maxAttempts, and at once on 410 Gone', async () => {
    const always500 = await receiverWith({ fail: () => 500 });
    const emu = await emulatorFor(always500.receiver.url, {
      webhook: { url: always500.receiver.url, secret: SECRET, maxAttempts: 3, retryDelayMs: 5 },
    });
    await createJob(emu, 'never acknowledged');
    await waitUntil(() => emu.webhookDeliveries[0]?.status === 'failed');
    expect(emu.webhookDeliveries[0]).toMatchObject({ attempts: 3, lastStatus: 500, lastError: 'HTTP 500' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(always500.receiver.seen).toHaveLength(3);

    const gone = await receiverWith({ fail: () => 410 });
    const emu2 = await emulatorFor(gone.receiver.url);
    await createJob(emu2, 'gone');
    await waitUntil(() => emu2.webhookDeliveries[0]?.status === 'failed');
    expect(emu2.webhookDeliveries[0]).toMatchObject({ attempts: 1, lastStatus: 410 });
  });

  it('retries when the receiver is down, and records why', async () => {
    const down = await listen((_req, res) => res.end());
    const url = down.url;
    await down.close(); // nothing listens there now
    const emu = await emulatorFor(url, { webhook: { url, secret: SECRET, maxAttempts: 2, retryDelayMs: 5 } });
    await createJob(emu, 'refused');
    await waitUntil(() => emu.webhookDeliveries[0]?.status === 'failed');
    expect(emu.webhookDeliveries[0]).toMatchObject({ attempts: 2, lastStatus: null, lastError: 'ECONNREFUSED' });
  });

  it('on a ManualClock, sends when the clock passes the job end, signed on that clock', async () => {
    const clock = new ManualClock(Date.now() - 3_600_000); // an hour behind the wall clock
    const { receiver, events } = await receiverWith({ now: () => clock.now() });
    const emu = await emulatorFor(receiver.url, { clock, timeScale: 1 });
    const id = await createJob(emu, 'virtual time');
    await new Promise((resolve) => setTimeout(resolve, 50));
    clock.advance(1_000); // still rendering (queue 300 ms + render 2 s)
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.seen).toHaveLength(0);
    clock.advance(5_000);
    await waitUntil(() => events.length === 1);
    expect(events[0]).toMatchObject({ type: 'video.completed', data: { id } });
    expect(Number(receiver.seen[0]!.headers['webhook-timestamp'])).toBe(Math.floor(clock.now() / 1000));
  });

  it('sends nothing for a job deleted before it ends, or after reset()', async () => {
    const clock = new ManualClock();
    const { receiver } = await receiverWith({ now: () => clock.now() });
    const emu = await emulatorFor(receiver.url, { clock, timeScale: 1 });
    const id = await createJob(emu, 'deleted');
    expect((await call(emu, 'DELETE', `/videos/${id}`)).status).toBe(200);
    await createJob(emu, 'reset');
    emu.reset();
    clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.seen).toHaveLength(0);
    expect(emu.webhookDeliveries).toEqual([]);
  });

  it('close() stops pending job timers, retry timers and sockets: no handle left behind', async () => {
    const { receiver } = await receiverWith({ fail: () => 503 });
    const before = handles();
    const emu = await start({
      timeScale: 0.01,
      webhook: { url: receiver.url, secret: SECRET, retryDelayMs: 60_000 },
    });
    await createJob(emu, 'fails to deliver, then waits a minute to retry');
    await createJob(emu, 'x'.repeat(10) + ' a long job'); // pending job timer
    await call(emu, 'POST', '/videos', { json: { prompt: 'long', seconds: '12', model: 'sora-2-pro' } });
    await waitUntil(() => receiver.seen.length >= 1);
    await emu.close();
    await waitUntil(() => emu.openConnections() === 0, 2_000);
    await waitUntil(() => {
      const now = handles();
      return Object.keys(now).every((name) => (now[name] ?? 0) <= (before[name] ?? 0));
    }, 2_000);
    const seen = receiver.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.seen.length).toBe(seen);
  });

  it('never exposes the secret: not in the emulator, its deliveries, or what the receiver saw', async () => {
    const { receiver } = await receiverWith();
    const emu = await emulatorFor(receiver.url);
    await createJob(emu, 'secret check');
    await waitUntil(() => emu.webhookDeliveries[0]?.status === 'delivered');
    const shown = [
      inspect(emu, { depth: 10, showHidden: true }),
      JSON.stringify(emu.webhookDeliveries),
      JSON.stringify(emu.requests),
      JSON.stringify(receiver.seen),
    ].join('\n');
    expect(shown).not.toContain(SECRET.slice(6));
    expect(shown).not.toContain(webhookKey(SECRET).toString('hex'));
  });
});
