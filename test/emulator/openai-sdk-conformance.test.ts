import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_ASSETS, ManualClock, type SoraEmulator } from '../../src/emulator/index.js';
import { KEY, start } from './helpers.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
let emu: SoraEmulator;
let client: OpenAI;

beforeAll(async () => {
  emu = await start({ clock });
  client = new OpenAI({ apiKey: KEY, baseURL: emu.baseURL, maxRetries: 0, logLevel: 'off' });
});
beforeEach(() => emu.reset());
afterAll(() => emu.close());

/** Runs `promise`, expecting it to reject with an error of `type`. */
async function rejection<T extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe('official openai SDK against the emulator', () => {
  it('videos.create sends multipart and gets a Video', async () => {
    const video = await client.videos.create({
      prompt: 'A calico cat playing a piano on stage',
      model: 'sora-2-pro',
      seconds: '8',
      size: '1280x720',
      input_reference: { image_url: 'https://example.com/cat.png' },
    });
    expect(video).toMatchObject({
      object: 'video',
      status: 'queued',
      model: 'sora-2-pro',
      seconds: '8',
      size: '1280x720',
    });
    const recorded = emu.requests.at(-1)!;
    expect(recorded.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(recorded.bodySummary.fields).toEqual(expect.arrayContaining(['prompt', 'input_reference[image_url]']));
    expect(recorded.headers['authorization']).toBe('[REDACTED]');
  });

  it('videos.create uploads an input_reference file', async () => {
    const file = await OpenAI.toFile(Buffer.from('fake-png-bytes'), 'ref.png', { type: 'image/png' });
    await client.videos.create({ prompt: 'p', input_reference: file });
    expect(emu.requests.at(-1)!.bodySummary.files).toEqual([
      { field: 'input_reference', filename: 'ref.png', contentType: 'image/png', size: 14 },
    ]);
  });

  it('retrieve, remix, downloadContent and delete', async () => {
    const created = await client.videos.create({ prompt: 'a fox' });
    const { data, request_id } = await client.videos.retrieve(created.id).withResponse();
    expect(data.id).toBe(created.id);
    expect(request_id).toMatch(/^req_/);
    clock.advance(60_000);
    const done = await client.videos.retrieve(created.id);
    expect(done.status).toBe('completed');

    const remix = await client.videos.remix(created.id, { prompt: 'a fox at night' });
    expect(remix.remixed_from_video_id).toBe(created.id);
    expect(emu.requests.at(-1)!.bodySummary.kind).toBe('json');

    const response = await client.videos.downloadContent(created.id);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await response.arrayBuffer()).equals(EMULATOR_ASSETS.video.bytes)).toBe(true);
    const thumb = await client.videos.downloadContent(created.id, { variant: 'thumbnail' });
    expect(Buffer.from(await thumb.arrayBuffer()).equals(EMULATOR_ASSETS.thumbnail.bytes)).toBe(true);

    expect(await client.videos.delete(created.id)).toEqual({ object: 'video.deleted', deleted: true, id: created.id });
  });

  it('edit, extend, createCharacter and getCharacter', async () => {
    const source = await client.videos.create({ prompt: 'a fox' });
    clock.advance(60_000);
    const edit = await client.videos.edit({ prompt: 'red fox', video: { id: source.id } });
    expect(edit.status).toBe('queued');
    const extension = await client.videos.extend({ prompt: 'keeps running', seconds: '4', video: { id: source.id } });
    expect(extension.seconds).toBe('8');
    const clip = await OpenAI.toFile(EMULATOR_ASSETS.video.bytes, 'clip.mp4', { type: 'video/mp4' });
    const character = await client.videos.createCharacter({ name: 'Fox', video: clip });
    expect(character).toMatchObject({ name: 'Fox', id: expect.stringMatching(/^char_/) });
    expect(await client.videos.getCharacter(character.id!)).toEqual(character);
  });

  it('list auto-paginates over 3 pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await client.videos.create({ prompt: `p${i}` })).id);
    const seen: string[] = [];
    for await (const video of client.videos.list({ limit: 3, order: 'asc' })) seen.push(video.id);
    expect(seen).toEqual(ids);
    const listCalls = emu.requests.filter((r) => r.method === 'GET' && r.path === '/v1/videos');
    expect(listCalls.map((r) => r.query['after'])).toEqual([undefined, ids[2], ids[5]]);
  });

  it('maps 400 to BadRequestError with param and requestID', async () => {
    const error = await rejection(client.videos.create({ prompt: 'p', seconds: '5' as '4' }), OpenAI.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.param).toBe('seconds');
    expect(error.code).toBe('invalid_value');
    expect(error.type).toBe('invalid_request_error');
    expect(error.requestID).toMatch(/^req_[0-9a-f]{32}$/);
    expect(error.message).toBe("400 Invalid value: '5'. Supported values are: '4', '8', and '12'.");
  });

  it('maps 401 to AuthenticationError', async () => {
    const bad = new OpenAI({ apiKey: 'sk-not-the-key', baseURL: emu.baseURL, maxRetries: 0, logLevel: 'off' });
    const error = await rejection(bad.videos.list(), OpenAI.AuthenticationError);
    expect(error.code).toBe('invalid_api_key');
    expect(error.requestID).toMatch(/^req_/);
  });

  it('maps 404 to NotFoundError', async () => {
    const error = await rejection(client.videos.retrieve('video_missing'), OpenAI.NotFoundError);
    expect(error.status).toBe(404);
    expect(error.requestID).toMatch(/^req_/);
  });

  it('maps 429 to RateLimitError with maxRetries 0, and retries a 503 when allowed', async () => {
    emu.inject({ kind: 'status', status: 429, headers: { 'retry-after-ms': '1' } });
    const error = await rejection(client.videos.list(), OpenAI.RateLimitError);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.headers?.get('retry-after-ms')).toBe('1');
    expect(error.requestID).toMatch(/^req_/);

    emu.inject({ kind: 'status', status: 503, headers: { 'retry-after-ms': '1' } });
    const retrying = new OpenAI({ apiKey: KEY, baseURL: emu.baseURL, maxRetries: 1, logLevel: 'off' });
    await expect(retrying.videos.list()).resolves.toBeDefined();
    expect(emu.requests.slice(-2).map((r) => [r.status, r.headers['x-stainless-retry-count']])).toEqual([
      [503, '0'],
      [200, '1'],
    ]);
  });
});
