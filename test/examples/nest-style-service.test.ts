import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideosServer } from '../../examples/nest-style-service.js';
import { startSoraEmulator, type SoraEmulator } from '../../src/emulator/index.js';
import { createSoraClient, type SoraClient } from '../../src/index.js';

const KEY = 'sk-nest-style-secret-key';

describe('examples/nest-style-service.ts', () => {
  let emulator: SoraEmulator;
  let sora: SoraClient;
  let server: Server;
  let base: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as Record<string, unknown> };
  };

  beforeAll(async () => {
    emulator = await startSoraEmulator({ timeScale: 0.01, pollAfterMs: 10, apiKey: KEY });
    sora = createSoraClient({ baseURL: emulator.baseURL, apiKey: KEY, maxRetries: 0, logLevel: 'silent' });
    server = createVideosServer(sora);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
    sora?.close();
    await emulator?.close();
  });

  it('POST /videos → 201, GET /videos/:id → 200, GET /videos/:id/result → done, DELETE → deleted', async () => {
    const created = await call('POST', '/videos', { prompt: 'a fox', seconds: 4 });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect((await call('GET', `/videos/${id}`)).json).toMatchObject({ id, object: 'video' });
    expect((await call('GET', `/videos/${id}/result`)).json).toEqual({ id, status: 'completed' });
    expect((await call('DELETE', `/videos/${id}`)).json).toEqual({ id, object: 'video.deleted', deleted: true });
  });

  it('maps SoraError.statusCode: 400 ValidationError, 404 NotFoundError, 422 VideoGenerationFailedError', async () => {
    const invalid = await call('POST', '/videos', { prompt: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toMatchObject({ name: 'ValidationError', param: 'prompt', retryable: false });

    const missing = await call('GET', '/videos/video_nope');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ name: 'NotFoundError', status: 404, statusCode: 404 });

    const failing = await call('POST', '/videos', { prompt: 'moderation test' });
    const result = await call('GET', `/videos/${failing.json.id as string}/result`);
    expect(result.status).toBe(422);
    expect(result.json.error).toMatchObject({ name: 'VideoGenerationFailedError', code: 'moderation_blocked' });
  });

  it('passes a 429 on with Retry-After, and never leaks the API key', async () => {
    emulator.inject({ kind: 'status', status: 429, method: 'GET', path: '/videos/*', headers: { 'retry-after': '7' } });
    const limited = await call('GET', '/videos/video_any');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json.error).toMatchObject({ name: 'RateLimitError', retryable: true, statusCode: 429 });
    expect(limited.text).not.toContain(KEY);
  });
});
