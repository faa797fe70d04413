import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SoraEmulator } from '../../src/emulator/index.js';
import type { SoraClient } from '../../src/client-types.js';
import { VideoGenerationFailedError } from '../../src/errors/job-errors.js';
import type { GenerateVideoEvent } from '../../src/streams/videos/types.js';
import { clientFor, filesIn, startFastEmulator, tempDir } from './helpers.js';

let emu: SoraEmulator;
let sora: SoraClient;
const fast = { intervalMs: 20, minIntervalMs: 10, maxIntervalMs: 40 };
beforeAll(async () => {
  emu = await startFastEmulator({ queueMs: 100, renderMs: 400 });
  sora = clientFor(emu);
});
afterAll(async () => {
  sora.close();
  await emu.close();
});
beforeEach(() => emu.reset());

describe('watchVideo against the emulator', () => {
  it('sees queued -> in_progress (progress rising) -> completed, then completes', async () => {
    const v = await lastValueFrom(sora.createVideo({ prompt: 'watch me' }));
    const states = await lastValueFrom(sora.watchVideo(v.id, fast).pipe(toArray()));
    expect(states[0]!.status).toBe('queued');
    expect(states.at(-1)).toMatchObject({ status: 'completed', progress: 100 });
    const running = states.filter((s) => s.status === 'in_progress');
    expect(running.length).toBeGreaterThan(1);
    const progress = running.map((s) => s.progress);
    expect([...progress].sort((a, b) => a! - b!)).toEqual(progress);
    // only changes are emitted
    for (let i = 1; i < states.length; i++) {
      expect(`${states[i]!.status}:${states[i]!.progress}`).not.toBe(
        `${states[i - 1]!.status}:${states[i - 1]!.progress}`,
      );
    }
  });

  it('ends with VideoGenerationFailedError for a failing prompt', async () => {
    const v = await lastValueFrom(sora.createVideo({ prompt: 'please [fail]' }));
    const err = await lastValueFrom(sora.watchVideo(v.id, fast)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VideoGenerationFailedError);
    expect((err as VideoGenerationFailedError).video.status).toBe('failed');
  });

  it('errors with TimeoutError past deadlineMs, and a 404 ends the watch', async () => {
    const v = await lastValueFrom(sora.createVideo({ prompt: 'slow' }));
    await expect(lastValueFrom(sora.watchVideo(v.id, { ...fast, deadlineMs: 60 }))).rejects.toMatchObject({
      name: 'TimeoutError',
      code: 'watch_deadline_exceeded',
    });
    await expect(lastValueFrom(sora.watchVideo('video_missing', fast))).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('keeps watching through a transient 500 that outlasts the retries', async () => {
    const v = await lastValueFrom(sora.createVideo({ prompt: 'flaky' }));
    emu.inject({ kind: 'status', status: 500, method: 'GET', path: '/videos/*', times: 3 }); // maxRetries 2 -> 3 attempts
    const last = await lastValueFrom(sora.watchVideo(v.id, fast));
    expect(last.status).toBe('completed');
  });
});

describe('generateVideo against the emulator', () => {
  it('created, progress, completed, downloaded (video and thumbnail)', async () => {
    const dir = tempDir();
    const dest = join(dir, 'out.mp4');
    const thumb = join(dir, 'thumb.webp');
    const events: GenerateVideoEvent[] = await lastValueFrom(
      sora
        .generateVideo({ prompt: 'full flow' }, { watch: fast, download: { destination: dest, thumbnail: thumb } })
        .pipe(toArray()),
    );
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('created');
    expect(types.slice(-2)).toEqual(['completed', 'downloaded']);
    expect(types.filter((t) => t === 'progress').length).toBeGreaterThan(0);
    const done = events.at(-1)!;
    if (done.type !== 'downloaded') throw new Error('expected downloaded');
    expect(done.path).toBe(dest);
    expect(done.bytes).toBe(statSync(dest).size);
    expect(done.thumbnail?.bytes).toBe(statSync(thumb).size);
    expect(filesIn(dir)).toEqual(['out.mp4', 'thumb.webp']);
    expect(emu.videos.size).toBe(1);
  });

  it('unsubscribing stops local work only: the job keeps running; cancelVideo stops it', async () => {
    const events: GenerateVideoEvent[] = [];
    const sub = sora.generateVideo({ prompt: 'leave early' }, { watch: fast }).subscribe((e) => events.push(e));
    while (events.length === 0) await new Promise((r) => setTimeout(r, 5));
    sub.unsubscribe();
    const id = events[0]!.video.id;
    // A poll sent just before the unsubscribe reaches the emulator (same process) a moment later: let it land,
    // then no new request may start (the fast schedule would poll every 10–40 ms).
    await new Promise((r) => setTimeout(r, 20));
    const before = emu.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(emu.requests.length).toBe(before);
    expect(emu.videos.get(id)).toBeDefined();
    await lastValueFrom(sora.cancelVideo(id));
    expect(emu.videos.get(id)).toBeUndefined();
  });

  it('a failed job errors the flow and writes nothing', async () => {
    const dir = tempDir();
    const flow = sora.generateVideo(
      { prompt: '[fail] x' },
      { watch: fast, download: { destination: join(dir, 'x.mp4') } },
    );
    await expect(lastValueFrom(flow)).rejects.toBeInstanceOf(VideoGenerationFailedError);
    expect(existsSync(join(dir, 'x.mp4'))).toBe(false);
  });
});
