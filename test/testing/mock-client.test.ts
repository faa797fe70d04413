import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { SoraClient } from '../../src/client-types.js';
import {
  BadRequestError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
  AuthenticationError,
} from '../../src/errors/index.js';
import { MOCK_CONTENT, MockSoraClient, videoFixture } from '../../src/testing/index.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'sora-mock-'));

describe('MockSoraClient', () => {
  it('is a SoraClient (compile-time check) with config and promises', () => {
    const _check: SoraClient = new MockSoraClient();
    expect(_check.config.baseURL).toBe('https://api.openai.com/v1');
    expect(typeof _check.promises.createVideo).toBe('function');
  });

  it('createVideo stores a queued job with API defaults; getVideoStatus reads it back', async () => {
    const sora = new MockSoraClient();
    const video = await sora.promises.createVideo({ prompt: 'a fox', seconds: 8, size: '1280x720' });
    expect(video).toMatchObject({ object: 'video', status: 'queued', progress: 0, model: 'sora-2', seconds: '8' });
    expect(video.size).toBe('1280x720');
    expect(await sora.promises.getVideoStatus(video.id)).toEqual(video);
    expect(sora.calls.map((c) => c.method)).toEqual(['createVideo', 'getVideoStatus']);
    expect(sora.callsOf('createVideo')).toEqual([[{ prompt: 'a fox', seconds: 8, size: '1280x720' }]]);
  });

  it('is cold: nothing happens before subscription, and methods work when destructured', async () => {
    const sora = new MockSoraClient();
    const { createVideo } = sora;
    const create$ = createVideo({ prompt: 'a fox' });
    expect(sora.videos()).toHaveLength(0);
    await firstValueFrom(create$);
    await firstValueFrom(create$);
    expect(sora.videos()).toHaveLength(2);
  });

  it('unknown ids give the API NotFoundError', async () => {
    const sora = new MockSoraClient();
    await expect(sora.promises.getVideoStatus('video_nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(sora.promises.deleteVideo('video_nope')).rejects.toMatchObject({ status: 404, param: 'video_id' });
    await expect(sora.promises.getCharacter('char_nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('listVideos pages by cursor, newest first, lazily', async () => {
    const sora = new MockSoraClient();
    const ids = Array.from({ length: 5 }, () => sora.addVideo({ status: 'completed' }).id);
    const all = await lastValueFrom(sora.listVideos({ limit: 2 }).pipe(toArray()));
    expect(all.map((v) => v.id)).toEqual([...ids].reverse());
    expect(sora.pageRequests.map((p) => p.after)).toEqual([undefined, ids[3], ids[1]]);

    sora.pageRequests.length = 0;
    const firstTwo = await lastValueFrom(sora.listVideos({ limit: 2, order: 'asc' }).pipe(take(2), toArray()));
    expect(firstTwo.map((v) => v.id)).toEqual(ids.slice(0, 2));
    expect(sora.pageRequests).toHaveLength(1);
    expect(await sora.promises.listVideos({ max: 3 })).toHaveLength(3);
  });

  it('deleteVideo and cancelVideo remove the job', async () => {
    const sora = new MockSoraClient();
    const a = sora.addVideo();
    const b = sora.addVideo();
    expect(await sora.promises.deleteVideo(a.id)).toEqual({ id: a.id, object: 'video.deleted', deleted: true });
    expect(await sora.promises.cancelVideo(b.id)).toEqual({ id: b.id, object: 'video.deleted', deleted: true });
    expect(sora.videos()).toEqual([]);
  });

  it('remix, edit and extend derive new jobs from a completed source only', async () => {
    const sora = new MockSoraClient();
    const source = sora.addVideo({ status: 'completed', seconds: '8', size: '1280x720', model: 'sora-2-pro' });
    const remix = await sora.promises.remixVideo(source.id, { prompt: 'at night' });
    expect(remix).toMatchObject({ prompt: 'at night', remixed_from_video_id: source.id, size: '1280x720' });
    const edit = await sora.promises.editVideo({ prompt: 'rain', video: { id: source.id } });
    expect(edit).toMatchObject({ prompt: 'rain', model: 'sora-2-pro', status: 'queued' });
    const ext = await sora.promises.extendVideo({ prompt: 'more', seconds: 4, video: { id: source.id } });
    expect(ext.seconds).toBe('12');
    const fromFile = await sora.promises.extendVideo({ prompt: 'more', seconds: '8', video: new Uint8Array([1]) });
    expect(fromFile.seconds).toBe('8');
    await expect(sora.promises.remixVideo(remix.id, { prompt: 'x' })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('createCharacter and getCharacter', async () => {
    const sora = new MockSoraClient();
    const c = await sora.promises.createCharacter({ name: 'Rex', video: { data: new Uint8Array([1, 2]) } });
    expect(c).toMatchObject({ name: 'Rex' });
    expect(await sora.promises.getCharacter(c.id!)).toEqual(c);
  });

  it('downloadVideo writes the fixed bytes to a path atomically, with progress', async () => {
    const sora = new MockSoraClient();
    const video = sora.addVideo({ status: 'completed' });
    const dir = tmp();
    const path = join(dir, 'out.mp4');
    const progress = await lastValueFrom(sora.downloadVideo(video.id, { destination: path }).pipe(toArray()));
    const total = MOCK_CONTENT.video.length;
    expect(progress).toEqual([
      { bytesWritten: Math.floor(total / 2), totalBytes: total, done: false },
      { bytesWritten: total, totalBytes: total, done: true, path },
    ]);
    expect(readFileSync(path)).toEqual(Buffer.from(MOCK_CONTENT.video));
    expect(readdirSync(dir)).toEqual(['out.mp4']);
  });

  it('downloadVideo writes the variant to a Writable, and refuses a job that is not completed', async () => {
    const sora = new MockSoraClient();
    const video = sora.addVideo({ status: 'completed' });
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
    const last = await sora.promises.downloadVideo(video.id, { destination: sink, variant: 'thumbnail' });
    expect(last).toEqual({ bytesWritten: MOCK_CONTENT.thumbnail.length, totalBytes: last.totalBytes, done: true });
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(MOCK_CONTENT.thumbnail));
    const queued = sora.addVideo();
    await expect(sora.promises.downloadVideo(queued.id, { destination: tmp() + '/x.mp4' })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it('healthCheck reports ok, and failNext as ok: false without erroring', async () => {
    const sora = new MockSoraClient();
    expect(await sora.promises.healthCheck()).toEqual({ ok: true, latencyMs: expect.any(Number) });
    const down = new ServiceUnavailableError('503 down', { status: 503 });
    sora.failNext('healthCheck', down);
    expect(await sora.promises.healthCheck()).toMatchObject({ ok: false, error: down });
  });

  it('failNext errors the next execution of a method with the given typed error, once, in order', async () => {
    const sora = new MockSoraClient();
    const video = sora.addVideo();
    const limited = new RateLimitError('429 slow down', { status: 429, retryAfterMs: 1000 });
    const auth = new AuthenticationError('401 bad key', { status: 401 });
    sora.failNext('getVideoStatus', limited).failNext('getVideoStatus', auth);
    await expect(sora.promises.getVideoStatus(video.id)).rejects.toBe(limited);
    await expect(sora.promises.getVideoStatus(video.id)).rejects.toBe(auth);
    await expect(sora.promises.getVideoStatus(video.id)).resolves.toMatchObject({ id: video.id });
  });

  it("failNext('*') errors the next call of any method; a method's own failure goes first", async () => {
    const sora = new MockSoraClient();
    const any = new ServiceUnavailableError('503', { status: 503 });
    const own = new NotFoundError('404', { status: 404 });
    sora.failNext('*', any).failNext('listVideos', own);
    await expect(sora.promises.listVideos()).rejects.toBe(own);
    await expect(sora.promises.createVideo({ prompt: 'a fox' })).rejects.toBe(any);
    expect(sora.videos()).toHaveLength(0);
    await expect(sora.promises.createVideo({ prompt: 'a fox' })).resolves.toMatchObject({ status: 'queued' });
  });

  it('validation runs before failNext, which stays queued', async () => {
    const sora = new MockSoraClient();
    const err = new ServiceUnavailableError('503', { status: 503 });
    sora.failNext('createVideo', err);
    await expect(sora.promises.createVideo({ prompt: '' })).rejects.toMatchObject({ field: 'prompt' });
    await expect(sora.promises.createVideo({ prompt: 'ok' })).rejects.toBe(err);
  });

  it('seeds videos from options and honours signal', async () => {
    const seeded = videoFixture({ id: 'video_seed' });
    const sora = new MockSoraClient({ videos: [seeded], latencyMs: 50 });
    expect(await sora.promises.getVideoStatus('video_seed')).toEqual(seeded);
    const ac = new AbortController();
    const pending = sora.promises.getVideoStatus('video_seed', { signal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: 'CancelledError' });
  });
});
