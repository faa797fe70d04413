import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SoraEmulator } from '../../src/emulator/index.js';
import type { SoraClient } from '../../src/client-types.js';
import { EMULATOR_ASSETS } from '../../src/emulator/index.js';
import type { DownloadProgress } from '../../src/streams/videos/types.js';
import { clientFor, filesIn, startFastEmulator, tempDir, until } from './helpers.js';

let emu: SoraEmulator;
let sora: SoraClient;
let videoId: string;
const fast = { intervalMs: 20, minIntervalMs: 10, maxIntervalMs: 40 };

beforeAll(async () => {
  emu = await startFastEmulator();
  sora = clientFor(emu);
});
afterAll(async () => {
  sora.close();
  await emu.close();
});
beforeEach(async () => {
  emu.reset();
  const v = await lastValueFrom(sora.createVideo({ prompt: 'download me' }));
  await lastValueFrom(sora.watchVideo(v.id, fast));
  videoId = v.id;
  emu.requests.length = 0;
});

describe('downloadVideo against the emulator', () => {
  it('writes the file atomically and reports progress ending with done', async () => {
    const dir = tempDir();
    const dest = join(dir, 'v.mp4');
    const progress = await lastValueFrom(sora.downloadVideo(videoId, { destination: dest }).pipe(toArray()));
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ done: true, path: dest });
    expect(last.bytesWritten).toBe(last.totalBytes);
    expect(readFileSync(dest).length).toBe(last.bytesWritten);
    expect(filesIn(dir)).toEqual(['v.mp4']);
    expect(emu.requests[0]).toMatchObject({ path: `/v1/videos/${videoId}/content` });
  });

  it('thumbnail variant to a Writable', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
    const last = await lastValueFrom(sora.downloadVideo(videoId, { destination: sink, variant: 'thumbnail' }));
    expect(last.done).toBe(true);
    expect(Buffer.concat(chunks).length).toBe(last.bytesWritten);
    expect(emu.requests[0]!.query).toEqual({ variant: 'thumbnail' });
    expect(EMULATOR_ASSETS).toBeDefined();
  });

  it('a body truncated on every attempt is an error after maxRetries restarts and leaves no file', async () => {
    const dir = tempDir();
    emu.inject({ kind: 'truncate', method: 'GET', path: '/videos/*/content', bytes: 100, times: 10 });
    const err = await lastValueFrom(
      sora.downloadVideo(videoId, { destination: join(dir, 't.mp4'), maxRetries: 1 }),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ConnectionError', phase: 'transfer', code: 'truncated_body' });
    expect(emu.requests.filter((r) => r.path.endsWith('/content'))).toHaveLength(2);
    await until(() => filesIn(dir).length === 0);
    expect(filesIn(dir)).toEqual([]);
  });

  it('a truncated transfer to a path is restarted and ends with the complete file', async () => {
    const dir = tempDir();
    const dest = join(dir, 'r.mp4');
    emu.inject({ kind: 'truncate', method: 'GET', path: '/videos/*/content', bytes: 100 });
    const last = await lastValueFrom(sora.downloadVideo(videoId, { destination: dest }));
    expect(last.done).toBe(true);
    expect(readFileSync(dest).equals(EMULATOR_ASSETS.video.bytes)).toBe(true);
    expect(emu.requests.filter((r) => r.path.endsWith('/content'))).toHaveLength(2);
    expect(filesIn(dir)).toEqual(['r.mp4']);
  });

  it('a truncated transfer to a Writable is not restarted (its bytes are gone)', async () => {
    emu.inject({ kind: 'truncate', method: 'GET', path: '/videos/*/content', bytes: 100 });
    const sink = new Writable({ write: (_c: Buffer, _e, cb) => cb() });
    const err = await lastValueFrom(sora.downloadVideo(videoId, { destination: sink })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ConnectionError', code: 'truncated_body' });
    expect(emu.requests.filter((r) => r.path.endsWith('/content'))).toHaveLength(1);
  });

  it('unsubscribing mid-download removes the partial file and closes the connection', async () => {
    const dir = tempDir();
    emu.inject({ kind: 'slowBody', method: 'GET', path: '/videos/*/content', chunkDelayMs: 20, chunkBytes: 256 });
    const seenProgress: DownloadProgress[] = [];
    const sub = sora.downloadVideo(videoId, { destination: join(dir, 'u.mp4') }).subscribe((p) => seenProgress.push(p));
    await until(() => filesIn(dir).some((f) => f.endsWith('.part')));
    await new Promise((r) => setTimeout(r, 60));
    sub.unsubscribe();
    await until(() => filesIn(dir).length === 0);
    await until(() => emu.requests[0]!.durationMs !== null);
    expect(seenProgress.every((p) => !p.done)).toBe(true);
  });

  it('signal aborts with CancelledError and leaves no file', async () => {
    const dir = tempDir();
    emu.inject({ kind: 'slowBody', method: 'GET', path: '/videos/*/content', chunkDelayMs: 20, chunkBytes: 256 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 80);
    await expect(
      lastValueFrom(sora.downloadVideo(videoId, { destination: join(dir, 's.mp4'), signal: ac.signal })),
    ).rejects.toMatchObject({ name: 'CancelledError' });
    await until(() => filesIn(dir).length === 0);
  });
});

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('downloadVideo of 50 MB from a local server', () => {
  const SIZE = 50 * 1024 * 1024;
  let server: Server;
  let baseURL: string;
  beforeAll(async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(SIZE) });
      let sent = 0;
      const pump = (): void => {
        while (sent < SIZE) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address() as { port: number };
    baseURL = `http://127.0.0.1:${addr.port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('streams to disk with flat memory', async () => {
    const big = clientFor({ baseURL });
    const dir = tempDir();
    const dest = join(dir, 'big.mp4');
    let events = 0;
    await lastValueFrom(big.downloadVideo('video_big', { destination: dest })); // warm-up (JIT, sockets)
    gc();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakAb = before.arrayBuffers;
    const sampled = await new Promise<DownloadProgress>((resolve, reject) => {
      let final: DownloadProgress | undefined;
      big.downloadVideo('video_big', { destination: dest }).subscribe({
        next: (p) => {
          events++;
          if (events % 40 === 0) gc(); // measure live memory, not garbage awaiting collection
          const m = process.memoryUsage();
          peakRss = Math.max(peakRss, m.rss);
          peakAb = Math.max(peakAb, m.arrayBuffers);
          final = p;
        },
        error: reject,
        complete: () => resolve(final!),
      });
    });
    expect(sampled).toMatchObject({ done: true, bytesWritten: SIZE, totalBytes: SIZE });
    expect(events).toBeGreaterThan(100); // throttled to one per 64 KiB at most
    expect(events).toBeLessThanOrEqual(SIZE / 65536 + 1);
    console.log('memory growth MiB', {
      rss: (peakRss - before.rss) / 2 ** 20,
      arrayBuffers: (peakAb - before.arrayBuffers) / 2 ** 20,
    });
    expect(peakAb - before.arrayBuffers).toBeLessThan(30 * 1024 * 1024);
    expect(peakRss - before.rss).toBeLessThan(30 * 1024 * 1024);
    expect(filesIn(dir)).toEqual(['big.mp4']);
    big.close();
  });
});
