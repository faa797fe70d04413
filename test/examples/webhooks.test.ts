import { firstValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../examples/webhooks/server.js';
import { startSoraEmulator, type SoraEmulator } from '../../src/emulator/index.js';
import { createSoraClient, type SoraClient } from '../../src/index.js';
import { SECRET, signedHeaders, videoEventBody } from '../webhooks/helpers.js';

describe('examples/webhooks/server.ts', () => {
  let receiver: WebhookReceiver;
  let emulator: SoraEmulator;
  let sora: SoraClient;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET, port: 0 });
    emulator = await startSoraEmulator({ timeScale: 0.02, webhook: { url: receiver.url, secret: SECRET } });
    sora = createSoraClient({ baseURL: emulator.baseURL, apiKey: 'sk-webhooks-example', logLevel: 'silent' });
  });

  afterAll(async () => {
    sora.close();
    await emulator.close();
    await receiver.close();
  });

  it('receives the emulator’s signed events for a completed and a failed job, verified', async () => {
    const two = firstValueFrom(receiver.events$.pipe(take(2), toArray()));
    const ok = await sora.promises.createVideo({ prompt: 'webhook example' });
    const bad = await sora.promises.createVideo({ prompt: '[fail] webhook example' });
    const events = await two;
    expect(Object.fromEntries(events.map((e) => [e.data.id, e.type]))).toEqual({
      [ok.id]: 'video.completed',
      [bad.id]: 'video.failed',
    });
    // The event triggers one retrieve, which sees the final state.
    expect((await sora.promises.getVideoStatus(ok.id)).status).toBe('completed');
  });

  it('rejects a forged request with 400, answers /healthz, and 404 elsewhere', async () => {
    const body = videoEventBody();
    const forged = await fetch(receiver.url, {
      method: 'POST',
      body,
      headers: signedHeaders('whsec_Zm9yZ2VkLXNlY3JldC1mb3ItdGhlLXRlc3Q=', body),
    });
    expect(forged.status).toBe(400);
    const origin = new URL(receiver.url).origin;
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/elsewhere`)).status).toBe(404);
  });
});
