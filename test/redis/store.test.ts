import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { budgetOf, configureBudget } from '../../src/quota/budget.js';
import type { RateLimitStore, TakeResult } from '../../src/quota/types.js';
import { createSoraClient } from '../../src/client.js';
import { publishWebhookEvent, redisRateLimitStore, redisWebhookEvents } from '../../src/redis/index.js';
import { startSoraEmulator } from '../../src/testing/index.js';
import { type RedisServer, redisAvailable, startRedisServer } from '../helpers/redis-server.js';
import { silentLogger } from '../quota/helpers.js';

const available = redisAvailable();

describe.skipIf(!available)('sora-rx/redis on a real redis-server', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  const connect = (): Redis => {
    const redis = new Redis(server.port, '127.0.0.1', { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    redis.on('error', () => undefined);
    clients.push(redis);
    return redis;
  };
  let prefix = '';
  let n = 0;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.stop();
  });
  beforeEach(() => {
    prefix = `test:${++n}`;
  });

  const budget = budgetOf(configureBudget({ requestsPerMinute: 600, burst: 5, reserve: 2 }));
  const takeFrom = (store: RateLimitStore, priority: 'high' | 'low' = 'high'): Promise<TakeResult> =>
    Promise.resolve(store.take({ priority, budget, now: Date.now(), logger: silentLogger }));

  it('two connections on one prefix draw from one budget, atomically', async () => {
    const a = redisRateLimitStore(connect(), { prefix });
    const b = redisRateLimitStore(connect(), { prefix });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => takeFrom(i % 2 ? a : b)));
    const granted = results.filter((r) => r.granted);
    expect(granted).toHaveLength(5);
    expect(new Set(granted.map((r) => (r.granted ? r.seq : 0)))).toEqual(new Set([1, 2, 3, 4, 5]));
    for (const r of results.filter((x) => !x.granted)) expect(r.granted ? 0 : r.waitMs).toBeLessThanOrEqual(100);
  });

  it('a low take leaves the reserve for high ones, across processes', async () => {
    const a = redisRateLimitStore(connect(), { prefix });
    const b = redisRateLimitStore(connect(), { prefix });
    const lows = [
      await takeFrom(a, 'low'),
      await takeFrom(a, 'low'),
      await takeFrom(a, 'low'),
      await takeFrom(a, 'low'),
    ];
    expect(lows.map((r) => r.granted)).toEqual([true, true, true, false]);
    expect((await takeFrom(b, 'high')).granted).toBe(true);
  });

  it('a pause from one process holds every process until its PX expiry', async () => {
    const a = redisRateLimitStore(connect(), { prefix });
    const b = redisRateLimitStore(connect(), { prefix });
    await a.pause({ forMs: 400, budget, now: Date.now(), logger: silentLogger });
    const held = await takeFrom(b);
    expect(held.granted).toBe(false);
    expect(held.granted ? 0 : held.waitMs).toBeGreaterThan(300);
    expect(held.granted ? 0 : held.waitMs).toBeLessThanOrEqual(400);
    expect(await connect().pttl(`{${prefix}}:pause`)).toBeGreaterThan(0);
  });

  it('a remaining count reported by one process lowers the shared bucket', async () => {
    const a = redisRateLimitStore(connect(), { prefix });
    const first = await takeFrom(a);
    expect(first.granted).toBe(true);
    await a.reportRemaining({
      remaining: 0,
      seq: first.granted ? first.seq : 0,
      budget,
      now: Date.now(),
      logger: silentLogger,
    });
    expect((await takeFrom(redisRateLimitStore(connect(), { prefix }))).granted).toBe(false);
  });

  it('with Redis down, takes go on from a local share (starting empty) and warn once; back up, the shared budget', async () => {
    const warnings: string[] = [];
    const infos: string[] = [];
    const logger = {
      ...silentLogger,
      warn: (...args: unknown[]) => void warnings.push(String(args[1])),
      info: (...args: unknown[]) => void infos.push(String(args[1])),
    };
    const redis = connect();
    const store = redisRateLimitStore(redis, { prefix, fleetSize: 5, commandTimeoutMs: 200, retryAfterFailureMs: 0 });
    const take1 = () => Promise.resolve(store.take({ priority: 'high', budget, now: Date.now(), logger }));
    expect((await take1()).granted).toBe(true);
    await server.stop();
    try {
      // The local share of 600/min over a fleet of 5 is one per 500 ms, burst 1, and it starts empty (the shared
      // budget may be spent): the first take waits, the next one after that wait is granted.
      const first = await take1();
      expect(first.granted).toBe(false);
      const waitMs = first.granted ? 0 : first.waitMs;
      expect(waitMs).toBeGreaterThan(400);
      expect(waitMs).toBeLessThanOrEqual(500);
      await sleep(waitMs);
      expect((await take1()).granted).toBe(true);
      expect((await take1()).granted).toBe(false);
      // A 429's pause and a remaining count still apply, to the local share.
      await store.pause({ forMs: 2000, budget, now: Date.now(), logger });
      await store.reportRemaining({ remaining: 0, seq: 1, budget, now: Date.now(), logger });
      const paused = await take1();
      expect(paused.granted ? 0 : paused.waitMs).toBeGreaterThan(1500);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('local share (1/5)');
    } finally {
      await server.restart();
    }
    await waitFor(() => redis.status === 'ready');
    // A fresh Redis after an outage: the shared bucket starts empty too, then refills at the full rate.
    const again = await take1();
    expect(again.granted).toBe(false);
    expect(again.granted ? 0 : again.waitMs).toBeLessThanOrEqual(100);
    await sleep(again.granted ? 0 : again.waitMs);
    const after = await take1();
    expect(after.granted).toBe(true);
    expect(after.granted ? after.seq : 0).toBe(1);
    expect(infos.some((m) => m.includes('reachable again'))).toBe(true);
    expect(warnings).toHaveLength(1);
  });

  it('a Redis that stops answering: the take falls back after commandTimeoutMs to a local share empty from its clock', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (...args: unknown[]) => void warnings.push(String(args[1])) };
    const redis = connect();
    const store = redisRateLimitStore(redis, { prefix, fleetSize: 5, commandTimeoutMs: 200, retryAfterFailureMs: 0 });
    expect((await store.take({ priority: 'high', budget, now: Date.now(), logger })).granted).toBe(true);
    // CLIENT PAUSE WRITE holds every write, scripts included (the connection stays 'ready'): the script call times out.
    const admin = connect();
    await admin.call('CLIENT', 'PAUSE', '5000', 'WRITE');
    const now = Date.now();
    const held = await Promise.resolve(store.take({ priority: 'high', budget, now, logger })).finally(
      () => void admin.call('CLIENT', 'UNPAUSE'),
    );
    expect(Date.now() - now).toBeGreaterThanOrEqual(190);
    expect(warnings).toEqual([expect.stringContaining('local share (1/5)')]);
    // One token per 500 ms from the take's `now`, not from when the timeout fired (that gave a wait of ~0 ms).
    expect(held).toEqual({ granted: false, waitMs: 500 });
  });

  it('webhook events published by one process reach every subscriber; malformed ones are skipped', async () => {
    const channel = `${prefix}:hooks`;
    const listener = connect();
    const publisher = connect();
    const received = firstValueFrom(redisWebhookEvents(listener, { channel }).pipe(take(2), toArray()));
    await waitFor(async () => (await publisher.pubsub('NUMSUB', channel))[1] === 1);
    await publisher.publish(channel, 'not json');
    await publisher.publish(channel, JSON.stringify({ id: 'evt_x', object: 'event' }));
    const event = {
      id: 'evt_1',
      object: 'event' as const,
      type: 'video.completed',
      created_at: 1,
      data: { id: 'video_1' },
    };
    expect(await publishWebhookEvent(publisher, event, { channel })).toBe(1);
    await publishWebhookEvent(publisher, { ...event, id: 'evt_2', type: 'video.failed' }, { channel });
    expect((await received).map((e) => [e.id, e.type, e.data.id])).toEqual([
      ['evt_1', 'video.completed', 'video_1'],
      ['evt_2', 'video.failed', 'video_1'],
    ]);
    // Unsubscribing (take(2) completed) quit the duplicate subscriber connection.
    await waitFor(async () => (await publisher.pubsub('NUMSUB', channel))[1] === 0);
    await expect(publishWebhookEvent(publisher, { id: 1 } as never, { channel })).rejects.toThrow(/webhook event/);
  });

  it('as webhookEvents, an event published on another connection ends a watch at once (no waiting for a poll)', async () => {
    const channel = `${prefix}:hooks`;
    const emulator = await startSoraEmulator({ queueMs: 0, renderMs: 200 });
    const sora = createSoraClient({
      baseURL: emulator.baseURL,
      logLevel: 'silent',
      webhookEvents: redisWebhookEvents(connect(), { channel }),
      webhookSafetyIntervalMs: 60_000,
    });
    try {
      const video = await sora.promises.createVideo({ prompt: 'a fox' });
      const started = Date.now();
      const finished = lastValueFrom(sora.watchVideo(video.id, { intervalMs: 30_000, minIntervalMs: 30_000 }));
      await waitFor(() => emulator.videos.get(video.id)?.status === 'completed');
      const publisher = connect();
      await waitFor(async () => (await publisher.pubsub('NUMSUB', channel))[1] === 1);
      const event = {
        id: 'evt_1',
        object: 'event' as const,
        type: 'video.completed',
        created_at: 1,
        data: { id: video.id },
      };
      await publishWebhookEvent(publisher, event, { channel });
      expect((await finished).status).toBe('completed');
      expect(Date.now() - started).toBeLessThan(5000); // far sooner than the 30 s poll interval
    } finally {
      sora.close();
      await emulator.close();
    }
  });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
