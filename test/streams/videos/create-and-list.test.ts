import { lastValueFrom, of, take, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AmbiguousRequestError, ConnectionError } from '../../../src/errors/request-errors.js';
import { BadRequestError } from '../../../src/errors/api-errors.js';
import { createVideo } from '../../../src/streams/videos/create-video.js';
import { findCreatedVideo } from '../../../src/streams/videos/reconcile-create.js';
import { listVideos } from '../../../src/streams/videos/list-videos.js';
import type { HttpRequest } from '../../../src/transport/types.js';
import type { Video, VideoList } from '../../../src/streams/videos/types.js';
import { createFakeRuntime, ok, video } from './fake-runtime.js';

const ambiguous = (): AmbiguousRequestError => new AmbiguousRequestError(new ConnectionError('socket hang up'));
const nowSec = (): number => Math.floor(Date.now() / 1000);
const page = (data: Video[], has_more: boolean): VideoList => ({
  object: 'list',
  data,
  first_id: data[0]?.id ?? null,
  last_id: data[data.length - 1]?.id ?? null,
  has_more,
});

describe('createVideo reconciliation (fake runtime)', () => {
  const params = { prompt: 'a fox', seconds: 8, size: '1280x720' } as const;

  it('adopts the video the ambiguous attempt created, and never resends', async () => {
    const created = video({ id: 'video_new', seconds: '8', size: '1280x720', created_at: nowSec() });
    const old = video({ id: 'video_old', seconds: '8', size: '1280x720', created_at: nowSec() - 3600 });
    const rt = createFakeRuntime((req) =>
      req.method === 'POST' ? throwError(ambiguous) : of(ok(page([created, old], false))),
    );
    await expect(lastValueFrom(createVideo(rt, params))).resolves.toMatchObject({ id: 'video_new' });
    expect(rt.calls.map((c) => `${c.request.method} ${c.request.path}`)).toEqual(['POST /videos', 'GET /videos']);
    expect(rt.calls[1]!.request.query).toEqual({ order: 'desc', limit: 100 });
    expect(rt.calls[0]!.options).toEqual({ idempotent: false });
    expect(rt.warnings.some((w) => w.includes('adopted'))).toBe(true);
  });

  it('pages back through a burst of newer videos until it passes the attempt start', async () => {
    const t = nowSec();
    const burst = (from: number): Video[] =>
      Array.from({ length: 100 }, (_, i) => video({ id: `video_b${from + i}`, prompt: 'other', created_at: t }));
    const mine = video({ id: 'video_mine', seconds: '8', size: '1280x720', created_at: t });
    const older = video({ id: 'video_older', prompt: 'other', created_at: t - 3600 });
    const pages: Record<string, VideoList> = {
      first: page(burst(0), true),
      video_b99: page([...burst(100).slice(0, 50), mine, ...burst(150).slice(0, 49)], true),
      video_b198: page([older], true),
    };
    const rt = createFakeRuntime((req) =>
      req.method === 'POST' ? throwError(ambiguous) : of(ok(pages[String(req.query?.['after'] ?? 'first')]!)),
    );
    await expect(lastValueFrom(createVideo(rt, params))).resolves.toMatchObject({ id: 'video_mine' });
    expect(rt.calls.map((c) => c.request.query?.['after'])).toEqual([undefined, undefined, 'video_b99', 'video_b198']);
  });

  it('sends again when nothing was created, at most maxRetries times', async () => {
    let posts = 0;
    const rt = createFakeRuntime((req) => {
      if (req.method === 'GET') return of(ok(page([video({ prompt: 'other', created_at: nowSec() })], false)));
      posts++;
      return posts < 2 ? throwError(ambiguous) : of(ok(video({ id: 'video_2' })));
    });
    await expect(lastValueFrom(createVideo(rt, params))).resolves.toMatchObject({ id: 'video_2' });
    expect(posts).toBe(2);

    const rt2 = createFakeRuntime((req) => (req.method === 'GET' ? of(ok(page([], false))) : throwError(ambiguous)));
    await expect(lastValueFrom(createVideo(rt2, params, { maxRetries: 1 }))).rejects.toBeInstanceOf(
      AmbiguousRequestError,
    );
    expect(rt2.calls.filter((c) => c.request.method === 'POST')).toHaveLength(2);
  });

  it('a failed reconciliation list gives the original ambiguous error; other errors pass through', async () => {
    const err = ambiguous();
    const rt = createFakeRuntime((req) =>
      req.method === 'POST' ? throwError(() => err) : throwError(() => new ConnectionError('down')),
    );
    await expect(lastValueFrom(createVideo(rt, params))).rejects.toBe(err);
    const bad = new BadRequestError('400 nope', { status: 400 });
    const rt2 = createFakeRuntime(() => throwError(() => bad));
    await expect(lastValueFrom(createVideo(rt2, params))).rejects.toBe(bad);
    expect(rt2.calls).toHaveLength(1);
  });

  it('matches prompt, model, seconds and size, created since the attempt (2 s skew)', () => {
    const start = 1_000_000_000;
    const base = { prompt: 'p', created_at: 1_000_000 };
    const fp = { prompt: 'p', model: 'sora-2', seconds: '8', size: '1280x720' };
    const v = (o: Partial<Video>): Video => video({ ...base, seconds: '8', size: '1280x720', ...o });
    expect(findCreatedVideo([v({ id: 'a' })], fp, start)?.id).toBe('a');
    expect(findCreatedVideo([v({ created_at: 999_998 })], fp, start)?.id).toBe('video_1');
    expect(findCreatedVideo([v({ created_at: 999_997 })], fp, start)).toBeUndefined();
    expect(findCreatedVideo([v({ prompt: 'q' })], fp, start)).toBeUndefined();
    expect(findCreatedVideo([v({ model: 'sora-2-pro' })], fp, start)).toBeUndefined();
    expect(findCreatedVideo([v({ model: `${fp.model}-2025-10-06` })], fp, start)?.id).toBe('video_1');
    expect(findCreatedVideo([v({ model: `${fp.model}-pro-2025-10-06` })], fp, start)).toBeUndefined();
    expect(findCreatedVideo([v({ seconds: '4' })], fp, start)).toBeUndefined();
    expect(findCreatedVideo([v({ size: '720x1280' })], fp, start)).toBeUndefined();
    expect(findCreatedVideo([v({ id: 'b', created_at: 1_000_005 }), v({ id: 'c' })], fp, start)?.id).toBe('c');
  });

  it('sends multipart without a file, as the official SDK does: bracketed reference keys, seconds a string', async () => {
    const rt = createFakeRuntime(() => of(ok(video())));
    await lastValueFrom(
      createVideo(rt, { prompt: 'a', seconds: 12, input_reference: { image_url: 'https://x/y.png' } }),
    );
    const body = rt.calls[0]!.request.body!;
    expect(body.kind).toBe('multipart');
    const form = (body as { build: () => FormData }).build();
    expect([...form.entries()]).toEqual([
      ['prompt', 'a'],
      ['seconds', '12'],
      ['input_reference[image_url]', 'https://x/y.png'],
    ]);
    // a fresh FormData per attempt (a retry must not resend a consumed body)
    expect((body as { build: () => FormData }).build()).not.toBe(form);
  });

  it('sends multipart with the file part for bytes', async () => {
    const rt = createFakeRuntime(() => of(ok(video())));
    await lastValueFrom(createVideo(rt, { prompt: 'a', input_reference: Buffer.from([1, 2, 3]) }));
    const body = rt.calls[0]!.request.body!;
    expect(body.kind).toBe('multipart');
    const form = (body as { build: () => FormData }).build();
    expect(form.get('prompt')).toBe('a');
    expect((form.get('input_reference') as File).size).toBe(3);
  });
});

describe('listVideos pagination (fake runtime)', () => {
  const pages = [
    page([video({ id: 'v1' }), video({ id: 'v2' })], true),
    page([video({ id: 'v3' }), video({ id: 'v4' })], true),
    page([video({ id: 'v5' })], false),
  ];
  const byAfter = (req: HttpRequest): VideoList => pages[{ v2: 1, v4: 2 }[String(req.query?.after)] ?? 0]!;

  it('follows last_id cursors while has_more', async () => {
    const rt = createFakeRuntime((req) => of(ok(byAfter(req))));
    const ids = (await lastValueFrom(listVideos(rt, { limit: 2 }).pipe(toArray()))).map((v) => v.id);
    expect(ids).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    expect(rt.calls.map((c) => c.request.query?.after)).toEqual([undefined, 'v2', 'v4']);
  });

  it('is lazy: take(2) fetches one page; take(3) two', async () => {
    const rt = createFakeRuntime((req) => of(ok(byAfter(req))));
    await lastValueFrom(listVideos(rt, { limit: 2 }).pipe(take(2), toArray()));
    expect(rt.calls).toHaveLength(1);
    await lastValueFrom(listVideos(rt, { limit: 2 }).pipe(take(3), toArray()));
    expect(rt.calls).toHaveLength(3);
  });

  it('stops on an empty page even if has_more', async () => {
    const rt = createFakeRuntime(() => of(ok(page([], true))));
    await expect(lastValueFrom(listVideos(rt).pipe(toArray()))).resolves.toEqual([]);
    expect(rt.calls).toHaveLength(1);
  });
});
