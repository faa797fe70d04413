/**
 * Responses that are not who they say they are: a retrieve answered with another video, and pagination that goes
 * round in circles. A video of another id is `invalid_response` (never emitted as the one asked for, in a retrieve,
 * a watch or `generateVideo`); a repeated cursor or page errors with `PaginationLoopError` after a bounded number
 * of requests; `has_more: true` with an empty page ends the listing.
 */
import { lastValueFrom, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaginationLimitError, PaginationLoopError, ValidationError } from '../../../src/errors/index.js';
import { videoFixture, videoListFixture } from '../../../src/testing/fixtures.js';
import type { Video } from '../../../src/streams/videos/types.js';
import { json, startTestServer, type TestServer } from '../../helpers/loopback-server.js';
import { failureOf, hostileClient } from './helpers.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const video = (id: string, overrides: Partial<Video> = {}): Video => videoFixture({ id, ...overrides });

describe('a retrieve answered with another video', () => {
  it('getVideoStatus errors with invalid_response', async () => {
    server.handle((_req, res) => json(res, 200, video('video_other')));
    const sora = hostileClient(server.baseURL);
    const error = await failureOf(sora.getVideoStatus('video_mine'));
    sora.close();
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false, status: 200 });
    expect(error.message).toContain('video_other');
    expect(server.requests).toHaveLength(1);
  });

  it('generateVideo never reports another video as completed', async () => {
    server.handle((req, res) => {
      if (req.method === 'POST') return json(res, 200, video('video_mine', { status: 'queued', progress: 0 }));
      json(res, 200, video('video_other', { status: 'completed', progress: 100 }));
    });
    const sora = hostileClient(server.baseURL);
    const events: string[] = [];
    const error = await new Promise<unknown>((resolve) =>
      sora.generateVideo({ prompt: 'a fox' }, { watch: { intervalMs: 10, minIntervalMs: 10 } }).subscribe({
        next: (e) => events.push(`${e.type}: ${e.video.id}`),
        error: resolve,
        complete: () => resolve(undefined),
      }),
    );
    sora.close();
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect(events).toEqual(['created: video_mine']);
  });
});

describe('pagination that goes round in circles', () => {
  it('a cursor that never advances errors with PaginationLoopError after two pages', async () => {
    server.handle((_req, res) =>
      json(res, 200, videoListFixture([video('video_a'), video('video_b')], { has_more: true, last_id: 'video_b' })),
    );
    const sora = hostileClient(server.baseURL);
    const error = await failureOf(sora.listVideos({ limit: 2 }));
    sora.close();
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(error).toMatchObject({ code: 'pagination_loop', retryable: false });
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it('a cycle a -> b -> a errors after emitting each page once', async () => {
    const pages: Record<string, { ids: string[]; next: string }> = {
      start: { ids: ['video_1', 'video_2'], next: 'video_2' },
      video_2: { ids: ['video_3', 'video_4'], next: 'video_4' },
      video_4: { ids: ['video_5', 'video_6'], next: 'video_2' },
    };
    server.handle((req, res) => {
      const after = new URL(req.url ?? '/', 'http://x').searchParams.get('after') ?? 'start';
      const page = pages[after]!;
      json(
        res,
        200,
        videoListFixture(
          page.ids.map((id) => video(id)),
          { has_more: true, last_id: page.next },
        ),
      );
    });
    const sora = hostileClient(server.baseURL);
    const emitted: string[] = [];
    const error = await new Promise<unknown>((resolve) =>
      sora.listVideos({ limit: 2 }).subscribe({
        next: (v) => emitted.push(v.id),
        error: resolve,
        complete: () => resolve(undefined),
      }),
    );
    sora.close();
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect((error as PaginationLoopError).cursor).toBe('video_2');
    expect(emitted).toEqual(['video_1', 'video_2', 'video_3', 'video_4', 'video_5', 'video_6']);
    expect(server.requests).toHaveLength(3);
  });

  it('the same page again under a new cursor errors before its videos are emitted twice', async () => {
    let n = 0;
    server.handle((_req, res) =>
      json(
        res,
        200,
        videoListFixture([video('video_a'), video('video_b')], { has_more: true, last_id: `cursor_${n++}` }),
      ),
    );
    const sora = hostileClient(server.baseURL);
    const emitted: string[] = [];
    const error = await new Promise<unknown>((resolve) =>
      sora
        .listVideos({ limit: 2 })
        .subscribe({ next: (v) => emitted.push(v.id), error: resolve, complete: () => resolve(undefined) }),
    );
    sora.close();
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(emitted).toEqual(['video_a', 'video_b']);
    expect(server.requests).toHaveLength(2);
  });

  it('has_more: true with an empty page ends the listing', async () => {
    server.handle((_req, res) => json(res, 200, videoListFixture([], { has_more: true, last_id: 'video_z' })));
    const sora = hostileClient(server.baseURL);
    const all = await lastValueFrom(sora.listVideos({ limit: 2 }).pipe(toArray()));
    sora.close();
    expect(all).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('fresh cursors forever stop with PaginationLimitError instead of fetching page maxPages + 1', async () => {
    let n = 0;
    server.handle((_req, res) => {
      n++;
      json(res, 200, videoListFixture([video(`video_${n}`)], { has_more: true, last_id: `video_${n}` }));
    });
    const sora = hostileClient(server.baseURL);
    const emitted: string[] = [];
    const error = await new Promise<unknown>((resolve) =>
      sora
        .listVideos({ limit: 1, maxPages: 5 })
        .subscribe({ next: (v) => emitted.push(v.id), error: resolve, complete: () => resolve(undefined) }),
    );
    sora.close();
    expect(error).toBeInstanceOf(PaginationLimitError);
    expect(error).toMatchObject({ code: 'pagination_limit', retryable: false, maxPages: 5 });
    expect(emitted).toEqual(['video_1', 'video_2', 'video_3', 'video_4', 'video_5']);
    expect(server.requests).toHaveLength(5);
  });

  it('a listing that ends on page maxPages completes', async () => {
    let n = 0;
    server.handle((_req, res) => {
      n++;
      json(res, 200, videoListFixture([video(`video_${n}`)], { has_more: n < 3, last_id: `video_${n}` }));
    });
    const sora = hostileClient(server.baseURL);
    const all = await lastValueFrom(sora.listVideos({ limit: 1, maxPages: 3 }).pipe(toArray()));
    sora.close();
    expect(all.map((v) => v.id)).toEqual(['video_1', 'video_2', 'video_3']);
    expect(server.requests).toHaveLength(3);
  });

  it('take(n) inside the first page sends no second request', async () => {
    server.handle((req, res) => {
      const after = new URL(req.url ?? '/', 'http://x').searchParams.get('after');
      json(
        res,
        200,
        videoListFixture([video(`video_${after ?? 'a'}1`), video(`video_${after ?? 'a'}2`)], {
          has_more: true,
          last_id: `c${server.requests.length}`,
        }),
      );
    });
    const sora = hostileClient(server.baseURL);
    const all = await lastValueFrom(sora.listVideos({ limit: 2 }).pipe(take(2), toArray()));
    await new Promise((r) => setTimeout(r, 50));
    sora.close();
    expect(all).toHaveLength(2);
    expect(server.requests).toHaveLength(1);
  });

  it('a maxPages that is not a positive integer is a ValidationError before any request', async () => {
    const sora = hostileClient(server.baseURL);
    const error = await failureOf(sora.listVideos({ maxPages: 0 }));
    sora.close();
    expect(error).toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});
