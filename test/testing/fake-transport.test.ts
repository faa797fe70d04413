import type { Readable } from 'node:stream';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSoraClient } from '../../src/client.js';
import { ConnectionError, NotFoundError, ServiceUnavailableError } from '../../src/errors/index.js';
import {
  createFakeTransport,
  createMarbleScheduler,
  stripErrorStacks,
  videoFixture,
  videoListFixture,
} from '../../src/testing/index.js';

const marbles = () => createMarbleScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('createFakeTransport', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers scripted routes in order, records requests, and 404s unscripted ones', async () => {
    const a = videoFixture({ id: 'video_a' });
    const transport = createFakeTransport([
      { method: 'GET', path: '/videos/video_a', reply: { status: 503 } },
      { method: 'GET', path: /^\/videos\/video_/, reply: { body: a, headers: { 'X-Request-Id': 'req_1' } } },
    ]);
    await expect(firstValueFrom(transport({ method: 'GET', path: '/videos/video_a' }))).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    const ok = await firstValueFrom(transport({ method: 'GET', path: '/videos/video_a', query: { variant: 'video' } }));
    expect(ok).toEqual({
      status: 200,
      headers: { 'x-request-id': 'req_1' },
      data: a,
      url: 'fake://sora/videos/video_a?variant=video',
    });
    const missing = firstValueFrom(transport({ method: 'DELETE', path: '/videos/video_a' }));
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toMatchObject({ status: 404, code: 'unscripted_request' });
    expect(transport.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'DELETE']);
    expect(transport.pending()).toEqual([]);
  });

  it('supports repeated routes, reply functions, transport errors, streams and late scripting', async () => {
    const transport = createFakeTransport([
      { method: '*', path: (r) => r.path === '/ping', reply: (r) => ({ body: { echo: r.method } }), times: 2 },
      { method: 'POST', path: '/videos', reply: { error: () => new ConnectionError('reset', { phase: 'transfer' }) } },
    ]);
    expect((await firstValueFrom(transport({ method: 'POST', path: '/ping' }))).data).toEqual({ echo: 'POST' });
    expect((await firstValueFrom(transport({ method: 'GET', path: '/ping' }))).data).toEqual({ echo: 'GET' });
    await expect(firstValueFrom(transport({ method: 'GET', path: '/ping' }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(firstValueFrom(transport({ method: 'POST', path: '/videos' }))).rejects.toBeInstanceOf(
      ConnectionError,
    );
    transport.script({ method: 'GET', path: '/videos/v/content', reply: { body: 'bytes!' } });
    const res = await firstValueFrom(transport({ method: 'GET', path: '/videos/v/content', responseType: 'stream' }));
    const chunks = await (res.data as Readable).toArray();
    expect(Buffer.concat(chunks as Buffer[]).toString()).toBe('bytes!');
  });

  it('getVideoStatus on the real client is retried after a 503 on the injected scheduler (exact frames)', () => {
    const scheduler = marbles();
    scheduler.run(({ expectObservable, flush }) => {
      const video = videoFixture({ id: 'video_1' });
      const transport = createFakeTransport(
        [
          { method: 'GET', path: '/videos/video_1', reply: { status: 503, headers: { 'retry-after-ms': '100' } } },
          { method: 'GET', path: '/videos/video_1', reply: { body: video } },
        ],
        { scheduler, latencyMs: 10 },
      );
      const sora = createSoraClient({ transport, scheduler, apiKey: 'test', logLevel: 'silent' });
      // 10 ms to the 503, 100 ms Retry-After wait, 10 ms to the answer.
      expectObservable(sora.getVideoStatus('video_1')).toBe('120ms (v|)', { v: video });
      flush();
      expect(transport.requests.map((r) => r.resendCount)).toEqual([0, 1]);
    });
  });

  it('backoff waits (no server hint) and per-attempt timeouts also run on the injected scheduler', () => {
    const scheduler = marbles();
    scheduler.run(({ expectObservable }) => {
      const video = videoFixture({ id: 'video_1' });
      const transport = createFakeTransport(
        [
          { method: 'GET', path: '/videos/video_1', reply: { status: 500 } },
          { method: 'GET', path: '/videos/video_1', reply: { body: video, latencyMs: 5_000 } },
          { method: 'GET', path: '/videos/video_1', reply: { body: video } },
        ],
        { scheduler, latencyMs: 10 },
      );
      // `random: () => 1` puts full jitter at its ceiling: 500 ms, then 1000 ms.
      const sora = createSoraClient({
        transport,
        scheduler,
        apiKey: 'test',
        logLevel: 'silent',
        timeoutMs: 50,
        random: () => 1,
      });
      // 10 (500) + 500 backoff + 50 (timeout) + 1000 backoff + 10 = 1570
      expectObservable(sora.getVideoStatus('video_1')).toBe('1570ms (v|)', { v: video });
    });
  });

  it('listVideos on the real client follows cursors through scripted pages', async () => {
    const [a, b, c] = ['video_a', 'video_b', 'video_c'].map((id) => videoFixture({ id }));
    const transport = createFakeTransport([
      { method: 'GET', path: '/videos', reply: { body: videoListFixture([a!, b!], { has_more: true }) } },
      { method: 'GET', path: '/videos', reply: { body: videoListFixture([c!]) } },
    ]);
    const sora = createSoraClient({ transport, apiKey: 'test', logLevel: 'silent' });
    const ids = await lastValueFrom(sora.listVideos({ limit: 2 }).pipe(toArray()));
    expect(ids.map((v) => v.id)).toEqual(['video_a', 'video_b', 'video_c']);
    expect(transport.requests.map((r) => r.query?.['after'])).toEqual([undefined, 'video_b']);
  });
});

describe('createMarbleScheduler', () => {
  it('compares errors without their stack, through the given assertion (node:assert by default)', () => {
    const scheduler = createMarbleScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const err = new NotFoundError('404 nope', { status: 404 });
      expectObservable(cold('-#', undefined, err)).toBe(
        '-#',
        undefined,
        new NotFoundError('404 nope', { status: 404 }),
      );
    });
    const failing = createMarbleScheduler();
    expect(() =>
      failing.run(({ cold, expectObservable }) => {
        expectObservable(cold('-#', undefined, new Error('a'))).toBe('-#', undefined, new Error('b'));
      }),
    ).toThrow();
  });

  it('stripErrorStacks keeps name, message and fields, drops the stack, and handles cycles', () => {
    const err = new ServiceUnavailableError('503', { status: 503 });
    const stripped = stripErrorStacks({ list: [err] }) as { list: Array<Record<string, unknown>> };
    expect(stripped.list[0]).toMatchObject({ name: 'ServiceUnavailableError', message: '503', status: 503 });
    expect(stripped.list[0]).not.toHaveProperty('stack');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => stripErrorStacks(cyclic)).not.toThrow();
  });
});
