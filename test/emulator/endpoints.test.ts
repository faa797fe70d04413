import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, type SoraEmulator } from '../../src/emulator/index.js';
import { call, form, start } from './helpers.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
let emu: SoraEmulator;

beforeEach(async () => {
  if (emu === undefined) emu = await start({ clock });
  emu.reset();
});
afterAll(() => emu?.close());

/** Creates a video by JSON and lets it complete on the manual clock. */
async function completedVideo(prompt = 'a calm lake'): Promise<Record<string, unknown>> {
  const created = (await call(emu, 'POST', '/videos', { json: { prompt } })).json();
  clock.advance(60_000);
  return created;
}

describe('POST /videos', () => {
  it('creates from JSON with defaults and every Video field', async () => {
    const res = await call(emu, 'POST', '/videos', { json: { prompt: 'A calico cat playing a piano' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    const video = res.json();
    expect(Object.keys(video).sort()).toEqual(
      [
        'completed_at',
        'created_at',
        'error',
        'expires_at',
        'id',
        'model',
        'object',
        'progress',
        'prompt',
        'remixed_from_video_id',
        'seconds',
        'size',
        'status',
      ].sort(),
    );
    expect(video).toMatchObject({
      object: 'video',
      model: 'sora-2',
      status: 'queued',
      progress: 0,
      created_at: Math.floor(clock.now() / 1000),
      completed_at: null,
      expires_at: null,
      prompt: 'A calico cat playing a piano',
      size: '720x1280',
      seconds: '4',
      remixed_from_video_id: null,
      error: null,
    });
    expect(video['id']).toMatch(/^video_[0-9a-f]{32}$/);
    expect(emu.videos.get(video['id'] as string)?.prompt).toBe('A calico cat playing a piano');
  });

  it('answers a repeated Idempotency-Key with the job the first request created', async () => {
    const headers = { 'idempotency-key': 'sora-rx-create-1' };
    const first = (await call(emu, 'POST', '/videos', { json: { prompt: 'once' }, headers })).json();
    const again = (await call(emu, 'POST', '/videos', { json: { prompt: 'once' }, headers })).json();
    const other = (await call(emu, 'POST', '/videos', { json: { prompt: 'once' } })).json();
    expect(again['id']).toBe(first['id']);
    expect(other['id']).not.toBe(first['id']);
    expect(emu.videos.size).toBe(2);
  });

  it('creates from multipart with bracketed input_reference keys and a file part', async () => {
    const byUrl = await call(emu, 'POST', '/videos', {
      form: form({
        prompt: 'p',
        model: 'sora-2-pro',
        seconds: '8',
        size: '1792x1024',
        'input_reference[image_url]': 'https://example.com/a.png',
      }),
    });
    expect(byUrl.status).toBe(200);
    expect(byUrl.json()).toMatchObject({ model: 'sora-2-pro', seconds: '8', size: '1792x1024' });
    const byFile = await call(emu, 'POST', '/videos', {
      form: form(
        { prompt: 'p' },
        { input_reference: { name: 'ref.png', blob: new Blob([new Uint8Array(300)], { type: 'image/png' }) } },
      ),
    });
    expect(byFile.status).toBe(200);
    expect(emu.requests.at(-1)?.bodySummary).toEqual({
      kind: 'multipart',
      bytes: expect.any(Number),
      fields: ['prompt', 'input_reference'],
      files: [{ field: 'input_reference', filename: 'ref.png', contentType: 'image/png', size: 300 }],
    });
  });

  it.each([
    [{}, 'prompt', 'missing_required_parameter', "Missing required parameter: 'prompt'."],
    [{ prompt: '' }, 'prompt', 'empty_string', undefined],
    [{ prompt: 'x'.repeat(32001) }, 'prompt', 'string_above_max_length', undefined],
    [
      { prompt: 5 },
      'prompt',
      'invalid_type',
      "Invalid type for 'prompt': expected a string, but got an integer instead.",
    ],
    [
      { prompt: 'p', seconds: '5' },
      'seconds',
      'invalid_value',
      "Invalid value: '5'. Supported values are: '4', '8', and '12'.",
    ],
    [{ prompt: 'p', seconds: 8 }, 'seconds', 'invalid_type', undefined],
    [{ prompt: 'p', size: '1920x1080' }, 'size', 'invalid_value', undefined],
    [{ prompt: 'p', model: '' }, 'model', 'invalid_type', undefined],
    [
      { prompt: 'p', input_reference: { image_url: 'https://a/b', file_id: 'file-1' } },
      'input_reference',
      'invalid_value',
      undefined,
    ],
  ])('rejects %j with param %s', async (body, param, code, message) => {
    const res = await call(emu, 'POST', '/videos', { json: body });
    expect(res.status).toBe(400);
    const { error } = res.json<{ error: Record<string, unknown> }>();
    expect(error).toMatchObject({ type: 'invalid_request_error', param, code });
    if (message !== undefined) expect(error['message']).toBe(message);
    // The same mistake gives the same message.
    expect((await call(emu, 'POST', '/videos', { json: body })).json()).toEqual({ error });
  });

  it('rejects a non-JSON body and an unsupported content type', async () => {
    const bad = await call(emu, 'POST', '/videos', {
      headers: { 'content-type': 'application/json' },
      form: undefined,
      json: undefined,
    });
    expect(bad.status).toBe(400); // empty body: prompt missing
    const res = await fetch(`${emu.baseURL}/videos`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-key', 'content-type': 'application/json' },
      body: '{"prompt": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /could not parse the JSON body/,
    );
    const text = await call(emu, 'POST', '/videos', { headers: { 'content-type': 'text/plain' }, json: undefined });
    expect(text.status).toBe(400);
  });
});

describe('GET/DELETE /videos/{id}', () => {
  it('retrieves, deletes, then 404s in the envelope', async () => {
    const { id } = (await call(emu, 'POST', '/videos', { json: { prompt: 'p' } })).json<{ id: string }>();
    expect((await call(emu, 'GET', `/videos/${id}`)).json()).toMatchObject({ id, object: 'video' });
    const deleted = await call(emu, 'DELETE', `/videos/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json()).toEqual({ object: 'video.deleted', deleted: true, id });
    const missing = await call(emu, 'GET', `/videos/${id}`);
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({
      error: {
        message: `Video with id '${id}' not found.`,
        type: 'invalid_request_error',
        param: 'video_id',
        code: null,
      },
    });
    expect((await call(emu, 'DELETE', `/videos/${id}`)).status).toBe(404);
  });

  it('answers unknown routes and wrong methods with 404 Invalid URL', async () => {
    const unknown = await call(emu, 'GET', '/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({
      error: { message: 'Invalid URL (GET /v1/nope)', type: 'invalid_request_error', param: null, code: null },
    });
    expect((await call(emu, 'PUT', '/videos')).json()).toMatchObject({
      error: { message: 'Invalid URL (PUT /v1/videos)' },
    });
    const outside = await fetch(emu.baseURL.replace('/v1', '/other'));
    expect(outside.status).toBe(404);
    expect(outside.headers.get('x-request-id')).toMatch(/^req_/);
  });
});

describe('GET /videos', () => {
  it('paginates over 3 pages with after/limit, newest first by default', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await call(emu, 'POST', '/videos', { json: { prompt: `p${i}` } })).json<{ id: string }>().id);
    }
    const seen: string[] = [];
    let after: string | undefined;
    const pages: Array<Record<string, unknown>> = [];
    do {
      const page = (await call(emu, 'GET', `/videos?limit=3${after ? `&after=${after}` : ''}`)).json();
      pages.push(page);
      seen.push(...(page['data'] as Array<{ id: string }>).map((v) => v.id));
      after = page['has_more'] ? (page['last_id'] as string) : undefined;
    } while (after !== undefined);
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => p['has_more'])).toEqual([true, true, false]);
    expect(pages[0]).toMatchObject({ object: 'list', first_id: ids[6], last_id: ids[4] });
    expect(seen).toEqual([...ids].reverse());
    const asc = (await call(emu, 'GET', '/videos?order=asc&limit=2')).json();
    expect((asc['data'] as Array<{ id: string }>).map((v) => v.id)).toEqual(ids.slice(0, 2));
  });

  it('returns an empty list with null ids, and validates limit/order/after', async () => {
    expect((await call(emu, 'GET', '/videos')).json()).toEqual({
      object: 'list',
      data: [],
      first_id: null,
      last_id: null,
      has_more: false,
    });
    for (const [query, param] of [
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=abc', 'limit'],
      ['order=up', 'order'],
      ['after=video_x', 'after'],
    ]) {
      const res = await call(emu, 'GET', `/videos?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json<{ error: { param: string } }>().error.param).toBe(param);
    }
  });
});

describe('remix, edits, extensions', () => {
  it('remixes a completed video (JSON) and refuses one that is not completed', async () => {
    const source = await completedVideo();
    const remix = await call(emu, 'POST', `/videos/${source['id'] as string}/remix`, {
      json: { prompt: 'now at night' },
    });
    expect(remix.status).toBe(200);
    expect(remix.json()).toMatchObject({
      status: 'queued',
      remixed_from_video_id: source['id'],
      prompt: 'now at night',
    });
    const early = await call(emu, 'POST', `/videos/${remix.json()['id'] as string}/remix`, {
      form: form({ prompt: 'x' }),
    });
    expect(early.status).toBe(400);
    expect(early.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'video_id' } });
    expect((await call(emu, 'POST', '/videos/video_missing/remix', { json: { prompt: 'x' } })).status).toBe(404);
    expect((await call(emu, 'POST', `/videos/${source['id'] as string}/remix`, { json: {} })).json()).toMatchObject({
      error: { param: 'prompt' },
    });
  });

  it('edits by id (JSON), by video[id] (multipart) and by file', async () => {
    const source = await completedVideo();
    const json = await call(emu, 'POST', '/videos/edits', { json: { prompt: 'edit', video: { id: source['id'] } } });
    expect(json.status).toBe(200);
    expect(json.json()).toMatchObject({ prompt: 'edit', remixed_from_video_id: null });
    const bracketed = await call(emu, 'POST', '/videos/edits', {
      form: form({ prompt: 'edit', 'video[id]': source['id'] as string }),
    });
    expect(bracketed.status).toBe(200);
    const file = await call(emu, 'POST', '/videos/edits', {
      form: form({ prompt: 'edit' }, { video: { name: 'a.mp4', blob: new Blob([new Uint8Array(10)]) } }),
    });
    expect(file.status).toBe(200);
    expect((await call(emu, 'POST', '/videos/edits', { json: { prompt: 'edit' } })).json()).toMatchObject({
      error: { param: 'video', code: 'missing_required_parameter' },
    });
  });

  it('extends with the stitched total duration and requires seconds', async () => {
    const source = await completedVideo();
    const ext = await call(emu, 'POST', '/videos/extensions', {
      form: form({ prompt: 'more', seconds: '8', 'video[id]': source['id'] as string }),
    });
    expect(ext.status).toBe(200);
    expect(ext.json()).toMatchObject({ seconds: '12' });
    const noSeconds = await call(emu, 'POST', '/videos/extensions', {
      json: { prompt: 'more', video: { id: source['id'] } },
    });
    expect(noSeconds.json()).toMatchObject({ error: { param: 'seconds', code: 'missing_required_parameter' } });
  });
});

describe('characters', () => {
  it('creates from multipart and retrieves by id', async () => {
    const created = await call(emu, 'POST', '/videos/characters', {
      form: form(
        { name: 'Mossy' },
        { video: { name: 'c.mp4', blob: new Blob([new Uint8Array(64)], { type: 'video/mp4' }) } },
      ),
    });
    expect(created.status).toBe(200);
    const character = created.json();
    expect(character).toEqual({
      id: expect.stringMatching(/^char_/),
      name: 'Mossy',
      created_at: Math.floor(clock.now() / 1000),
    });
    expect((await call(emu, 'GET', `/videos/characters/${character['id'] as string}`)).json()).toEqual(character);
    expect((await call(emu, 'GET', '/videos/characters/char_nope')).status).toBe(404);
    expect((await call(emu, 'POST', '/videos/characters', { form: form({ name: 'x' }) })).json()).toMatchObject({
      error: { param: 'video' },
    });
    expect((await call(emu, 'POST', '/videos/characters', { json: { name: 'x' } })).status).toBe(400);
  });
});
