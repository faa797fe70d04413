import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SoraEmulator } from '../../src/emulator/index.js';
import { call, rawRequest, start } from './helpers.js';

let emu: SoraEmulator;

beforeEach(async () => {
  emu ??= await start();
  emu.reset();
});
afterAll(() => emu?.close());

describe('fault injection', () => {
  it('status: answers the scripted status for the next N matching requests, then recovers', async () => {
    const handle = emu.inject({
      kind: 'status',
      method: 'GET',
      path: '/videos',
      status: 503,
      times: 2,
      headers: { 'retry-after': '1', 'x-should-retry': 'true' },
    });
    expect(emu.faults).toHaveLength(1);
    expect((await call(emu, 'POST', '/videos', { json: { prompt: 'p' } })).status).toBe(200); // method does not match
    const first = await call(emu, 'GET', '/videos');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.headers.get('x-should-retry')).toBe('true');
    expect(first.headers.get('x-request-id')).toMatch(/^req_/);
    expect(first.json()).toMatchObject({ error: { type: 'server_error' } });
    expect((await call(emu, 'GET', '/videos')).status).toBe(503);
    expect(handle.hits).toBe(2);
    expect(handle.remaining).toBe(0);
    expect(emu.faults).toHaveLength(0);
    expect((await call(emu, 'GET', '/videos')).status).toBe(200);
    expect(emu.requests.filter((r) => r.fault === 'status').map((r) => r.status)).toEqual([503, 503]);
  });

  it('status: a scripted 429 / 400 body, and a POST that is not processed', async () => {
    emu.inject({ kind: 'status', method: 'POST', path: '/videos', status: 429 });
    emu.inject({
      kind: 'status',
      path: /^\/videos\/[^/]+$/,
      status: 400,
      body: { error: { message: 'nope', type: 'invalid_request_error', param: 'x', code: null } },
    });
    const limited = await call(emu, 'POST', '/videos', { json: { prompt: 'p' } });
    expect(limited.status).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limit_exceeded', type: 'requests' } });
    expect(emu.videos.size).toBe(0);
    const bad = await call(emu, 'GET', '/videos/video_123');
    expect(bad.json()).toEqual({ error: { message: 'nope', type: 'invalid_request_error', param: 'x', code: null } });
  });

  it('probability: applies with the injected random source', async () => {
    const values = [0.9, 0.1, 0.6, 0.2];
    const chaos = await start({ random: () => values.shift() ?? 1 });
    try {
      const handle = chaos.inject({ kind: 'status', status: 500, probability: 0.5 });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await call(chaos, 'GET', '/videos')).status);
      expect(statuses).toEqual([200, 500, 200, 500, 200]);
      expect(handle.remaining).toBe(Infinity);
      expect(handle.hits).toBe(2);
      handle.cancel();
      expect(chaos.faults).toHaveLength(0);
    } finally {
      await chaos.close();
    }
  });

  it('latency: delays the response headers, then answers normally', async () => {
    emu.inject({ kind: 'latency', ms: 150, path: '/videos' });
    const res = await rawRequest(emu, 'GET', '/videos');
    expect(res.status).toBe(200);
    expect(res.ms).toBeGreaterThanOrEqual(140);
    expect(JSON.parse(res.body.toString())).toMatchObject({ object: 'list' });
  });

  it('slowBody: sends the whole body in many delayed chunks', async () => {
    emu.inject({ kind: 'slowBody', chunkBytes: 16, chunkDelayMs: 20, path: '/videos' });
    const res = await rawRequest(emu, 'GET', '/videos');
    expect(res.status).toBe(200);
    expect(res.error).toBeUndefined();
    const length = res.body.length;
    expect(length).toBe(Number(res.headers?.['content-length']));
    expect(res.chunks).toBeGreaterThanOrEqual(Math.ceil(length / 16) - 1);
    expect(res.ms).toBeGreaterThanOrEqual((Math.ceil(length / 16) - 1) * 20 - 10);
    expect(JSON.parse(res.body.toString())).toMatchObject({ object: 'list' });
  });

  it('reset before: destroys the socket and creates nothing', async () => {
    emu.inject({ kind: 'reset', when: 'before', method: 'POST', path: '/videos' });
    const res = await rawRequest(emu, 'POST', '/videos', JSON.stringify({ prompt: 'p' }));
    expect(res.status).toBeUndefined();
    expect(res.error?.code).toBe('ECONNRESET');
    expect(emu.videos.size).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emu.requests.at(-1)).toMatchObject({ fault: 'reset', status: null });
  });

  it('reset after: the video IS created, then the connection drops', async () => {
    emu.inject({ kind: 'reset', when: 'after', method: 'POST', path: '/videos' });
    const res = await rawRequest(emu, 'POST', '/videos', JSON.stringify({ prompt: 'created then dropped' }));
    expect(res.status).toBeUndefined();
    expect(res.error?.code).toBe('ECONNRESET');
    expect(emu.videos.list().map((v) => v.prompt)).toEqual(['created then dropped']);
  });

  it('truncate: announces the full Content-Length, sends part, then destroys', async () => {
    await call(emu, 'POST', '/videos', { json: { prompt: 'p' } });
    emu.inject({ kind: 'truncate', bytes: 10, path: '/videos' });
    const res = await rawRequest(emu, 'GET', '/videos');
    expect(res.status).toBe(200);
    expect(Number(res.headers?.['content-length'])).toBeGreaterThan(10);
    expect(res.body.length).toBe(10);
    expect(res.error).toBeDefined();
  });

  it('malformedJson: 200 with a JSON content type and a body that does not parse', async () => {
    emu.inject({ kind: 'malformedJson', method: 'POST' });
    const res = await call(emu, 'POST', '/videos', { json: { prompt: 'p' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(() => res.json()).toThrow(SyntaxError);
    expect(emu.videos.size).toBe(1);
  });

  it('matches string paths with * segments and full /v1 paths; reset() clears faults', async () => {
    emu.inject({ kind: 'status', status: 502, path: '/v1/videos/*/content' });
    expect((await call(emu, 'GET', '/videos/video_1')).status).toBe(404);
    expect((await call(emu, 'GET', '/videos/video_1/content')).status).toBe(502);
    emu.inject({ kind: 'status', status: 500 });
    emu.reset();
    expect(emu.faults).toHaveLength(0);
    expect(emu.requests).toHaveLength(0);
    expect(() => emu.inject({ kind: 'status', status: 500, times: 0 })).toThrow(RangeError);
  });
});
