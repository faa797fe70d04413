import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EMULATOR_ASSETS,
  ManualClock,
  startSoraEmulator,
  type SoraEmulator,
  type VideoResource,
} from '../../src/emulator/index.js';
import { call, KEY, start } from './helpers.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
let emu: SoraEmulator;

beforeEach(async () => {
  emu ??= await start({ clock, queueMs: 300, renderMs: 2000, pollAfterMs: 250 });
  emu.reset();
});
afterAll(() => emu?.close());

const create = async (body: Record<string, unknown>) =>
  (await call(emu, 'POST', '/videos', { json: body })).json<VideoResource>();
const retrieve = async (id: string) => (await call(emu, 'GET', `/videos/${id}`)).json<VideoResource>();

describe('job lifecycle on a manual clock', () => {
  it('goes queued -> in_progress with rising progress -> completed', async () => {
    const { id, created_at } = await create({ prompt: 'a lighthouse' });
    expect(await retrieve(id)).toMatchObject({ status: 'queued', progress: 0 });
    clock.advance(299);
    expect((await retrieve(id)).status).toBe('queued');
    const progress: number[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(450);
      const video = await retrieve(id);
      expect(video.status).toBe('in_progress');
      progress.push(video.progress);
    }
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress.at(-1)).toBeLessThan(100);
    clock.advance(1000);
    const done = await retrieve(id);
    expect(done).toMatchObject({ status: 'completed', progress: 100, error: null });
    expect(done.completed_at).toBe(Math.floor((created_at * 1000 + (clock.now() % 1000) + 2300) / 1000));
    expect(done.expires_at).toBe(done.completed_at! + 3600);
  });

  it('scales render time by seconds and by pro models', async () => {
    const short = await create({ prompt: 'a', seconds: '4' });
    const long = await create({ prompt: 'b', seconds: '12' });
    const pro = await create({ prompt: 'c', model: 'sora-2-pro' });
    clock.advance(300 + 2000);
    expect((await retrieve(short.id)).status).toBe('completed');
    expect((await retrieve(pro.id)).progress).toBe(50);
    expect((await retrieve(long.id)).progress).toBe(33);
  });

  it('fails prompts marked to fail, with error {code, message}', async () => {
    const { id } = await create({ prompt: 'please [fail] this' });
    clock.advance(300 + 500);
    expect((await retrieve(id)).status).toBe('in_progress');
    clock.advance(600);
    expect(await retrieve(id)).toMatchObject({
      status: 'failed',
      error: { code: 'moderation_blocked', message: expect.any(String) },
      expires_at: null,
      completed_at: expect.any(Number),
    });
    const content = await call(emu, 'GET', `/videos/${id}/content`);
    expect(content.status).toBe(400);
  });

  it('sends openai-poll-after-ms while running only', async () => {
    const { id } = await create({ prompt: 'p' });
    expect((await call(emu, 'GET', `/videos/${id}`)).headers.get('openai-poll-after-ms')).toBe('250');
    clock.advance(10_000);
    expect((await call(emu, 'GET', `/videos/${id}`)).headers.get('openai-poll-after-ms')).toBeNull();
  });

  it('supports a custom failPrompts function and timeScale', async () => {
    const custom = await startSoraEmulator({
      clock,
      timeScale: 0.01,
      failPrompts: (prompt) => (prompt.includes('boom') ? { code: 'internal_error', message: 'Boom.' } : false),
    });
    try {
      const res = await fetch(`${custom.baseURL}/videos`, {
        method: 'POST',
        headers: { authorization: 'Bearer anything', 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'boom' }),
      });
      const { id } = (await res.json()) as VideoResource;
      clock.advance(23); // (300 + 2000) * 0.01
      expect(custom.videos.get(id)).toMatchObject({
        status: 'failed',
        error: { code: 'internal_error', message: 'Boom.' },
      });
    } finally {
      await custom.close();
    }
  });
});

describe('GET /videos/{id}/content', () => {
  it('serves each variant with its content type, length and bytes once completed', async () => {
    const { id } = await create({ prompt: 'p' });
    const early = await call(emu, 'GET', `/videos/${id}/content`);
    expect(early.status).toBe(400);
    expect(early.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringMatching(/not ready/) },
    });
    clock.advance(5000);
    const video = await call(emu, 'GET', `/videos/${id}/content`);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect(Number(video.headers.get('content-length'))).toBe(video.bytes.length);
    expect(video.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(video.bytes.equals(EMULATOR_ASSETS.video.bytes)).toBe(true);
    for (const variant of ['thumbnail', 'spritesheet'] as const) {
      const image = await call(emu, 'GET', `/videos/${id}/content?variant=${variant}`);
      expect(image.headers.get('content-type')).toBe('image/webp');
      expect(image.bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
      expect(image.bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
      expect(image.bytes.equals(EMULATOR_ASSETS[variant].bytes)).toBe(true);
    }
    expect((await call(emu, 'GET', `/videos/${id}/content?variant=gif`)).json()).toMatchObject({
      error: { param: 'variant' },
    });
    expect((await call(emu, 'GET', '/videos/video_nope/content')).status).toBe(404);
    clock.advance(3_600_000);
    expect((await call(emu, 'GET', `/videos/${id}/content`)).status).toBe(404);
  });
});

describe('auth', () => {
  it('401s a missing key and a wrong key like the API', async () => {
    const missing = await call(emu, 'GET', '/videos', { auth: false });
    expect(missing.status).toBe(401);
    expect(missing.json()).toMatchObject({
      error: {
        type: 'invalid_request_error',
        param: null,
        code: null,
        message: expect.stringMatching(/didn't provide an API key\. This Sora emulator checks keys: send the key/),
      },
    });
    expect(missing.json<{ error: { message: string } }>().error.message).not.toContain('platform.openai.com');
    const wrong = await call(emu, 'GET', '/videos', { headers: { authorization: 'Bearer sk-wrong-123456789' } });
    expect(wrong.status).toBe(401);
    const { error } = wrong.json<{ error: { message: string; code: string } }>();
    expect(error.code).toBe('invalid_api_key');
    expect(error.message).toContain('Incorrect API key provided: sk-');
    expect(error.message).not.toContain('sk-wrong-123456789');
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain("'Authorization: Bearer <key>'");
    expect((await call(emu, 'GET', '/videos', { auth: false, headers: { 'api-key': KEY } })).status).toBe(200);
    expect(emu.requests.at(-1)?.headers['api-key']).toBe('[REDACTED]');
    expect(emu.requests.at(-2)?.headers['authorization']).toBe('[REDACTED]');
  });

  it('accepts every request, with or without a key, when apiKey is null (the default)', async () => {
    const open = await startSoraEmulator();
    try {
      expect((await fetch(`${open.baseURL}/videos`, { headers: { authorization: 'Bearer whatever' } })).status).toBe(
        200,
      );
      expect((await fetch(`${open.baseURL}/videos`, { headers: { authorization: 'Bearer ' } })).status).toBe(200);
      expect((await fetch(`${open.baseURL}/videos`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('rate limit', () => {
  it('answers 429 with retry and ratelimit headers, and refills on the clock', async () => {
    const limited = await start({ clock, rateLimit: { requestsPerMinute: 3 } });
    try {
      const first = await call(limited, 'GET', '/videos');
      expect(first.headers.get('x-ratelimit-limit-requests')).toBe('3');
      expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('2');
      expect(first.headers.get('x-ratelimit-reset-requests')).toBe('20s');
      await call(limited, 'GET', '/videos');
      await call(limited, 'GET', '/videos');
      const limitedRes = await call(limited, 'GET', '/videos');
      expect(limitedRes.status).toBe(429);
      expect(limitedRes.json()).toMatchObject({
        error: { type: 'requests', code: 'rate_limit_exceeded', param: null },
      });
      expect(limitedRes.headers.get('retry-after-ms')).toBe('20000');
      expect(limitedRes.headers.get('retry-after')).toBe('20');
      expect(limitedRes.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(limitedRes.headers.get('x-request-id')).toMatch(/^req_/);
      clock.advance(20_000);
      expect((await call(limited, 'GET', '/videos')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('progress curves', () => {
  it('ease-in lags linear time, ease-out leads it, steps jump by quarters; all complete on time', async () => {
    const curveClock = new ManualClock(Date.UTC(2026, 0, 1));
    const seen: Record<string, number[]> = {};
    for (const progressCurve of ['linear', 'ease-in', 'ease-out', 'steps'] as const) {
      const e = await start({ clock: curveClock, queueMs: 0, renderMs: 1000, progressCurve });
      try {
        const { id } = (await call(e, 'POST', '/videos', { json: { prompt: 'curve' } })).json<VideoResource>();
        const at: number[] = [];
        for (const ms of [100, 200, 250]) {
          curveClock.advance(ms); // 10 %, 30 %, 55 % of the render time
          at.push((await call(e, 'GET', `/videos/${id}`)).json<VideoResource>().progress);
        }
        curveClock.advance(450);
        expect((await call(e, 'GET', `/videos/${id}`)).json<VideoResource>()).toMatchObject({
          status: 'completed',
          progress: 100,
        });
        seen[progressCurve] = at;
      } finally {
        await e.close();
      }
    }
    expect(seen).toEqual({
      linear: [10, 30, 55],
      'ease-in': [1, 9, 30],
      'ease-out': [19, 51, 79],
      steps: [0, 25, 50],
    });
    await expect(start({ progressCurve: 'wobbly' as 'linear' })).rejects.toThrow(/progressCurve/);
  });
});
