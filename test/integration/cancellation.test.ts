import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Subject, lastValueFrom, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SoraEmulator } from '../../src/emulator/index.js';
import type { SoraClient } from '../../src/client-types.js';
import type { RequestOptions } from '../../src/config/options.js';
import { CancelledError } from '../../src/errors/request-errors.js';
import { clientFor, startFastEmulator, tempDir, until } from './helpers.js';

let emu: SoraEmulator;
let sora: SoraClient;
let done: string;
const dir = tempDir();
const clip = join(dir, 'clip.mp4');
writeFileSync(clip, Buffer.alloc(512, 3));

beforeAll(async () => {
  emu = await startFastEmulator();
  sora = clientFor(emu);
  const v = await lastValueFrom(sora.createVideo({ prompt: 'base' }));
  await lastValueFrom(sora.watchVideo(v.id, { intervalMs: 20, minIntervalMs: 10, maxIntervalMs: 40 }));
  done = v.id;
});
afterAll(async () => {
  sora.close();
  await emu.close();
});
beforeEach(() => {
  for (const f of emu.faults) f.cancel();
  emu.requests.length = 0;
});

type Call = (s: SoraClient, o: RequestOptions) => Observable<unknown>;
const methods: [string, Call][] = [
  ['createVideo', (s, o) => s.createVideo({ prompt: 'c' }, o)],
  ['getVideoStatus', (s, o) => s.getVideoStatus(done, o)],
  ['listVideos', (s, o) => s.listVideos({ limit: 2 }, o)],
  ['deleteVideo', (s, o) => s.deleteVideo('video_nope', o)],
  ['cancelVideo', (s, o) => s.cancelVideo('video_nope', o)],
  ['remixVideo', (s, o) => s.remixVideo(done, { prompt: 'r' }, o)],
  ['editVideo', (s, o) => s.editVideo({ prompt: 'e', video: { path: clip } }, o)],
  ['extendVideo', (s, o) => s.extendVideo({ prompt: 'x', seconds: 4, video: { id: done } }, o)],
  ['createCharacter', (s, o) => s.createCharacter({ name: 'Rex', video: { path: clip } }, o)],
  ['getCharacter', (s, o) => s.getCharacter('char_nope', o)],
  ['downloadVideo', (s, o) => s.downloadVideo(done, { ...o, destination: join(dir, `d-${Date.now()}.mp4`) })],
  ['watchVideo', (s, o) => s.watchVideo(done, o)],
  ['generateVideo', (s, o) => s.generateVideo({ prompt: 'g' }, o)],
  ['healthCheck', (s, o) => s.healthCheck(o)],
];

const stall = (): void => void emu.inject({ kind: 'latency', ms: 400, probability: 1 });
const settled = async (): Promise<void> =>
  until(() => emu.requests.length > 0 && emu.requests.every((r) => r.durationMs !== null));

describe('cancellation mid-flight, for every method', () => {
  it.each(methods)(
    '%s: cancel$ completes without a value; the server sees the abort and nothing more',
    async (_n, call) => {
      stall();
      const cancel$ = new Subject<void>();
      const result = lastValueFrom(call(sora, { cancel$ }).pipe(toArray()));
      await until(() => emu.requests.length > 0);
      cancel$.next();
      await expect(result).resolves.toEqual([]);
      await settled();
      const count = emu.requests.length;
      expect(emu.requests[0]!.status).toBeNull(); // the socket closed before the (delayed) answer
      await new Promise((r) => setTimeout(r, 80));
      expect(emu.requests.length).toBe(count);
    },
  );

  it.each(methods)('%s: an aborted signal errors with CancelledError', async (_n, call) => {
    stall();
    const ac = new AbortController();
    const result = lastValueFrom(call(sora, { signal: ac.signal })).catch((e: unknown) => e);
    await until(() => emu.requests.length > 0);
    ac.abort();
    const err = await result;
    if (_n === 'healthCheck') expect(err).toMatchObject({ ok: false, error: expect.any(CancelledError) });
    else expect(err).toBeInstanceOf(CancelledError);
    await settled();
    expect(emu.requests[0]!.status).toBeNull();
  });

  it('an already-aborted signal sends nothing', async () => {
    await expect(lastValueFrom(sora.getVideoStatus(done, { signal: AbortSignal.abort() }))).rejects.toBeInstanceOf(
      CancelledError,
    );
    expect(emu.requests).toHaveLength(0);
  });

  it('the promise facade rejects with CancelledError for cancel$', async () => {
    stall();
    const cancel$ = new Subject<void>();
    const p = sora.promises.getVideoStatus(done, { cancel$ });
    await until(() => emu.requests.length > 0);
    cancel$.next();
    await expect(p).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('close() is terminal', () => {
  const isClientClosed = (e: unknown): boolean => e instanceof CancelledError && e.code === 'client_closed';
  const quiet = async (ms: number): Promise<number> => {
    const count = emu.requests.length;
    await new Promise((r) => setTimeout(r, ms));
    return emu.requests.length - count;
  };

  it('a running watch errors with client_closed and the emulator sees no request afterwards', async () => {
    const slow = await startFastEmulator({ queueMs: 60_000 });
    const own = clientFor(slow);
    try {
      const video = await lastValueFrom(own.createVideo({ prompt: 'slow' }));
      const polls = (): number => slow.requests.filter((r) => r.method === 'GET').length;
      const outcome = lastValueFrom(
        own.watchVideo(video.id, { intervalMs: 20, minIntervalMs: 10, maxIntervalMs: 20 }),
      ).then(
        () => 'completed',
        (e: unknown) => e,
      );
      await until(() => polls() >= 2);
      own.close();
      expect(isClientClosed(await outcome)).toBe(true);
      const count = slow.requests.length;
      await new Promise((r) => setTimeout(r, 150));
      expect(slow.requests).toHaveLength(count);
    } finally {
      own.close();
      await slow.close();
    }
  });

  it('an in-flight request is aborted and its operation errors with client_closed', async () => {
    const own = clientFor(emu);
    stall();
    const result = lastValueFrom(own.getVideoStatus(done)).catch((e: unknown) => e);
    await until(() => emu.requests.length > 0);
    own.close();
    expect(isClientClosed(await result)).toBe(true);
    await settled();
    expect(emu.requests[0]!.status).toBeNull(); // the socket closed before the (delayed) answer
    expect(emu.requests).toHaveLength(1);
  });

  it('a retry waiting for its backoff is not sent', async () => {
    const own = clientFor(emu, { retry: { initialDelayMs: 100, maxDelayMs: 100 } });
    emu.inject({ kind: 'status', status: 503, headers: { 'retry-after-ms': '100' } });
    const result = lastValueFrom(own.getVideoStatus(done)).catch((e: unknown) => e);
    await until(() => emu.requests.length === 1 && emu.requests[0]!.status === 503);
    own.close();
    expect(isClientClosed(await result)).toBe(true);
    expect(await quiet(200)).toBe(0);
    expect(emu.requests).toHaveLength(1);
  });

  it.each(methods)('%s after close() fails at once with client_closed and sends nothing', async (name, call) => {
    const own = clientFor(emu);
    own.close();
    let failure: unknown;
    call(own, {}).subscribe({ next: (v) => (failure = v), error: (e: unknown) => (failure = e) });
    if (name === 'healthCheck') expect(failure).toMatchObject({ ok: false, error: expect.any(CancelledError) });
    else expect(isClientClosed(failure)).toBe(true);
    expect(await quiet(30)).toBe(0);
    expect(emu.requests).toHaveLength(0);
  });

  it('the promise facade rejects with client_closed after close()', async () => {
    const own = clientFor(emu);
    own.close();
    own.close(); // idempotent
    const e = await own.promises.getVideoStatus(done).catch((err: unknown) => err);
    expect(isClientClosed(e)).toBe(true);
    expect(emu.requests).toHaveLength(0);
  });
});
