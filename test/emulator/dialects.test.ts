import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, startSoraEmulator, type SoraEmulator, type EmulatorDialect } from '../../src/emulator/index.js';

const KEY = 'sk-emu-dialect';
let emulator: SoraEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(
  dialect: EmulatorDialect,
  apiKey: string | null = KEY,
  clock = new ManualClock(1_764_547_200_000),
) {
  emulator = await startSoraEmulator({ dialect, apiKey, clock });
  return { emulator, clock };
}

async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; form?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: unknown; raw: string }> {
  const form = init.form === undefined ? undefined : new FormData();
  for (const [k, v] of Object.entries(init.form ?? {})) form!.append(k, v);
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: form ? { ...init.headers } : { 'content-type': 'application/json', ...init.headers },
    body: form ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const raw = await res.text();
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // binary content
  }
  return { status: res.status, headers: res.headers, body, raw };
}

const bearer = { authorization: `Bearer ${KEY}` };

describe('emulator dialects on the wire', () => {
  it('unknown dialect is a RangeError', async () => {
    await expect(startSoraEmulator({ dialect: 'sora3' as never })).rejects.toThrow(RangeError);
  });

  it('litellm: opaque base64 ids, processing, bare status calls, code = status string, mp4 + disposition', async () => {
    const { emulator: e, clock } = await start('litellm');
    const created = await call(`${e.baseURL}/videos`, {
      method: 'POST',
      headers: bearer,
      body: { prompt: 'p', size: '832x480', seconds: '5' },
    });
    expect(created.status).toBe(200);
    const v = created.body as Record<string, unknown>;
    expect(v['id']).toMatch(/^video_[A-Za-z0-9+/]+=*$/);
    expect(v).toMatchObject({ object: 'video', status: 'processing', usage: { duration_seconds: 5 } });
    expect(v).not.toHaveProperty('prompt');
    expect(v).not.toHaveProperty('progress');
    const id = encodeURIComponent(v['id'] as string);
    expect((await call(`${e.baseURL}/videos/${id}`, { headers: bearer })).body).toEqual({
      id: v['id'],
      object: 'video',
      status: 'processing',
    });
    clock.advance(60_000);
    const content = await call(`${e.baseURL}/videos/${id}/content?variant=thumbnail`, { headers: bearer });
    expect(content.headers.get('content-type')).toBe('video/mp4');
    expect(content.headers.get('content-disposition')).toBe(`attachment; filename=video_${v['id'] as string}.mp4`);
    const missing = await call(`${e.baseURL}/videos/nope`, { headers: bearer });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: '404' } });
    expect((await call(`${e.baseURL}/videos`, { headers: { 'api-key': KEY } })).status).toBe(401);
  });

  it('vllm-omni: no key needed without one, video_gen ids, extras, integer error codes, any WxH', async () => {
    const { emulator: e } = await start('vllm-omni', null);
    const created = await call(`${e.baseURL}/videos`, {
      method: 'POST',
      form: { prompt: 'p', size: '832x480', seconds: '5' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      status: 'queued',
      progress: 0,
      quality: 'default',
      media_type: 'video/mp4',
      size: '832x480',
    });
    expect((created.body as { id: string }).id).toMatch(/^video_gen_[0-9a-f]{32}$/);
    const bad = await call(`${e.baseURL}/videos`, { method: 'POST', form: { prompt: 'p', seconds: '0' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 400, param: 'seconds' } });
  });

  it('vllm-omni: POST /videos reads form fields only, so a JSON (or empty) create gets 422 and makes no job', async () => {
    const { emulator: e } = await start('vllm-omni', null);
    const json = await call(`${e.baseURL}/videos`, { method: 'POST', body: { prompt: 'p' } });
    expect(json.status).toBe(422);
    expect(json.body).toMatchObject({ error: { code: 422, param: 'prompt' } });
    expect((await call(`${e.baseURL}/videos`, { method: 'POST' })).status).toBe(422);
    expect((await call(`${e.baseURL}/videos`)).body).toMatchObject({ data: [] });
    // the other dialects keep OpenAI's two encodings
    await e.close();
    const { emulator: openai } = await start('openai');
    const ok = await call(`${openai.baseURL}/videos`, { method: 'POST', headers: bearer, body: { prompt: 'p' } });
    expect(ok.status).toBe(200);
  });

  it('new-api: millisecond timestamps, no null fields, task_id/metadata/usage', async () => {
    const { emulator: e, clock } = await start('new-api');
    const created = await call(`${e.baseURL}/videos`, { method: 'POST', headers: bearer, body: { prompt: 'p' } });
    const v = created.body as Record<string, unknown>;
    expect(v['created_at']).toBe(1_764_547_200_000);
    expect(v).not.toHaveProperty('completed_at');
    expect(v).not.toHaveProperty('expires_at');
    expect(v).not.toHaveProperty('error');
    expect(v).toMatchObject({ task_id: expect.any(String), metadata: {}, usage: expect.any(Object) });
    clock.advance(60_000);
    const done = (await call(`${e.baseURL}/videos/${v['id'] as string}`, { headers: bearer })).body as Record<
      string,
      number
    >;
    expect(done['completed_at']).toBeGreaterThan(1e12);
  });

  it('azure: /openai/v1, api-key or bearer, two sizes, { error: { code, message } }', async () => {
    const { emulator: e } = await start('azure');
    expect(e.baseURL).toBe(`${e.origin}/openai/v1`);
    expect((await call(`${e.origin}/v1/videos`, { headers: { 'api-key': KEY } })).status).toBe(404);
    expect((await call(`${e.baseURL}/videos?api-version=preview`, { headers: { 'api-key': KEY } })).status).toBe(200);
    expect((await call(`${e.baseURL}/videos`, { headers: bearer })).status).toBe(200);
    const bad = await call(`${e.baseURL}/videos`, {
      method: 'POST',
      headers: bearer,
      body: { prompt: 'p', size: '1024x1792' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: 'invalid_value', message: expect.any(String) } });
  });

  it('openai (default): unchanged shapes; extensions accept the spec 4-20 s', async () => {
    const { emulator: e, clock } = await start('openai');
    const created = (await call(`${e.baseURL}/videos`, { method: 'POST', headers: bearer, body: { prompt: 'p' } }))
      .body as { id: string };
    clock.advance(60_000);
    const ext = await call(`${e.baseURL}/videos/extensions`, {
      method: 'POST',
      headers: bearer,
      body: { prompt: 'more', seconds: '16', video: { id: created.id } },
    });
    expect(ext.status).toBe(200);
    expect(ext.body).toMatchObject({ seconds: '20' });
    expect(
      (await call(`${e.baseURL}/videos`, { method: 'POST', headers: bearer, body: { prompt: 'p', seconds: '5' } }))
        .status,
    ).toBe(400);
  });
});
