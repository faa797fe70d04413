/**
 * The whole local path: the emulator signs and POSTs `video.completed`, a `webhookEventStream` receiver verifies it,
 * and a client fed with `webhookEvents: hook.events$` notices the end through one retrieve instead of polling.
 */
import { lastValueFrom } from 'rxjs';
import { afterEach, expect, it } from 'vitest';
import { startSoraEmulator } from '../../src/emulator/index.js';
import { createSoraClient, webhookEventStream } from '../../src/index.js';
import { SECRET, listen } from './helpers.js';

const stop: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of stop.splice(0).reverse()) await close();
});

it('a webhook from the emulator ends a watch at once, with a handful of status requests', async () => {
  const hook = webhookEventStream({ secret: SECRET });
  const receiver = await listen(hook.handler);
  stop.push(
    () => receiver.close(),
    () => hook.close(),
  );
  const emu = await startSoraEmulator({
    queueMs: 100,
    renderMs: 2000,
    progressCurve: 'ease-in', // progress that misleads a poll schedule's ETA
    webhook: { url: receiver.url, secret: SECRET },
  });
  const eventAt = new Map<string, number>();
  hook.events$.subscribe((e) => eventAt.set(e.data.id, Date.now()));
  stop.push(() => emu.close());
  const sora = createSoraClient({
    baseURL: emu.baseURL,
    apiKey: 'sk-webhook-e2e',
    logLevel: 'silent',
    webhookEvents: hook.events$,
    webhookSafetyIntervalMs: 60_000,
  });
  stop.push(() => sora.close());

  const video = await sora.promises.createVideo({ prompt: 'noticed by webhook' });
  const done = await lastValueFrom(sora.watchVideo(video.id));
  const noticedAt = Date.now();
  expect(done.status).toBe('completed');
  const delivery = emu.webhookDeliveries.find((d) => d.videoId === video.id);
  expect(delivery).toMatchObject({ type: 'video.completed' });
  const statusReads = emu.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/videos')).length;
  // First state, the event's retrieve, at most a poll or two in between.
  expect(statusReads).toBeLessThanOrEqual(4);
  // Noticed right after the event (without webhookEvents this job's end is noticed ~2 s late: ease-in fools the ETA).
  expect(noticedAt - eventAt.get(video.id)!).toBeLessThan(600);
});
