import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SoraEmulator } from '../../src/emulator/index.js';
import { captureLogger, clientFor, startFastEmulator } from './helpers.js';

let emu: SoraEmulator;
beforeAll(async () => {
  emu = await startFastEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const posts = (): number => emu.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos').length;

describe('createVideo is never duplicated by a retry', () => {
  it('created, then the connection dropped: adopts that video (exactly one exists)', async () => {
    const logger = captureLogger();
    const sora = clientFor(emu, { logger });
    emu.inject({ kind: 'reset', when: 'after', method: 'POST', path: '/videos' });
    const v = await lastValueFrom(sora.createVideo({ prompt: 'dedupe me', seconds: 8, size: '1280x720' }));
    expect(emu.videos.size).toBe(1);
    expect(emu.videos.list()[0]!.id).toBe(v.id);
    expect(posts()).toBe(1);
    const list = emu.requests.find((r) => r.method === 'GET');
    expect(list?.query).toMatchObject({ order: 'desc', limit: '100' });
    expect(logger.warnings.some((w) => /adopted/.test(w))).toBe(true);
    sora.close();
  });

  it('not created (reset before processing): sent again once, one video', async () => {
    const logger = captureLogger();
    const sora = clientFor(emu, { logger });
    emu.inject({ kind: 'reset', when: 'before', method: 'POST', path: '/videos' });
    const v = await lastValueFrom(sora.createVideo({ prompt: 'send again' }));
    expect(emu.videos.size).toBe(1);
    expect(emu.videos.list()[0]!.id).toBe(v.id);
    expect(posts()).toBe(2);
    // the resend is a freshly built multipart body with every field, under the first attempt's Idempotency-Key
    const sent = emu.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos');
    expect(sent.map((r) => r.headers['content-type'])).toEqual([
      expect.stringMatching(/^multipart\/form-data; boundary=/),
      expect.stringMatching(/^multipart\/form-data; boundary=/),
    ]);
    expect(sent[1]!.bodySummary).toMatchObject({ kind: 'multipart', fields: ['prompt'] });
    expect(sent[1]!.headers['idempotency-key']).toBe(sent[0]!.headers['idempotency-key']);
    expect(logger.warnings.some((w) => /sending the create again/.test(w))).toBe(true);
    sora.close();
  });

  it('a slow server that processes the create after the client timed out: still one video', async () => {
    const sora = clientFor(emu, { timeoutMs: 300 });
    emu.inject({ kind: 'latency', ms: 600, method: 'POST', path: '/videos' });
    const v = await lastValueFrom(sora.createVideo({ prompt: 'slow server' }));
    await new Promise((r) => setTimeout(r, 500)); // let the delayed first attempt finish on the server
    expect(emu.videos.size).toBe(1);
    expect(emu.videos.list()[0]!.id).toBe(v.id);
    const keys = emu.requests
      .filter((r) => r.method === 'POST' && r.path === '/v1/videos')
      .map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^sora-rx-[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    sora.close();
  });

  it('two createVideo calls send different idempotency keys', async () => {
    const sora = clientFor(emu);
    await lastValueFrom(sora.createVideo({ prompt: 'twice' }));
    await lastValueFrom(sora.createVideo({ prompt: 'twice' }));
    const keys = new Set(emu.requests.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(2);
    expect(emu.videos.size).toBe(2);
    sora.close();
  });

  it('a similar video made by someone else earlier is not adopted', async () => {
    const sora = clientFor(emu);
    await lastValueFrom(sora.createVideo({ prompt: 'same prompt', seconds: 4 }));
    emu.inject({ kind: 'reset', when: 'before', method: 'POST', path: '/videos' });
    const v = await lastValueFrom(sora.createVideo({ prompt: 'same prompt', seconds: 8 }));
    expect(v.seconds).toBe('8');
    expect(emu.videos.size).toBe(2);
    sora.close();
  });

  it('gives up with AmbiguousRequestError when every attempt fails before processing', async () => {
    const sora = clientFor(emu, { maxRetries: 1 });
    emu.inject({ kind: 'reset', when: 'before', method: 'POST', path: '/videos', times: 5 });
    await expect(lastValueFrom(sora.createVideo({ prompt: 'never' }))).rejects.toMatchObject({
      name: 'AmbiguousRequestError',
    });
    expect(posts()).toBe(2);
    expect(emu.videos.size).toBe(0);
    sora.close();
  });
});
