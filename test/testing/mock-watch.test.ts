import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { TimeoutError, VideoGenerationFailedError } from '../../src/errors/index.js';
import { MOCK_CONTENT, MOCK_JOB_ERROR, MockSoraClient, createMarbleScheduler } from '../../src/testing/index.js';

const marbles = () => createMarbleScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('MockSoraClient watchVideo and generateVideo', () => {
  it('setStatus drives a watch: current state, then each change, completing on completed', () => {
    const scheduler = marbles();
    scheduler.run(({ expectObservable }) => {
      const sora = new MockSoraClient({ scheduler, latencyMs: 5 });
      const video = sora.addVideo({ id: 'video_w' });
      scheduler.schedule(() => void sora.setStatus(video.id, 'in_progress', 10), 20);
      scheduler.schedule(() => void sora.setStatus(video.id, 'in_progress', 10), 25); // no change: not emitted
      scheduler.schedule(() => void sora.setStatus(video.id, 'in_progress', 60), 30);
      scheduler.schedule(() => void sora.setStatus(video.id, 'completed'), 40);
      const states$ = sora.watchVideo(video.id);
      expectObservable(states$).toBe('5ms a 14ms b 9ms c 9ms (d|)', {
        a: expect.objectContaining({ status: 'queued', progress: 0 }),
        b: expect.objectContaining({ status: 'in_progress', progress: 10 }),
        c: expect.objectContaining({ status: 'in_progress', progress: 60 }),
        d: expect.objectContaining({ status: 'completed', progress: 100, completed_at: 0 }),
      });
    });
  });

  it('a failed job errors the watch with VideoGenerationFailedError carrying the job error', () => {
    const scheduler = marbles();
    scheduler.run(({ expectObservable }) => {
      const sora = new MockSoraClient({ scheduler });
      const video = sora.addVideo({ id: 'video_f' });
      scheduler.schedule(() => void sora.setStatus(video.id, 'failed'), 10);
      const failed = { ...video, status: 'failed' as const, error: MOCK_JOB_ERROR };
      expectObservable(sora.watchVideo(video.id)).toBe('a 9ms #', { a: video }, new VideoGenerationFailedError(failed));
    });
  });

  it('deleting a watched job errors the watch with NotFoundError; deadlineMs gives TimeoutError', () => {
    const scheduler = marbles();
    scheduler.run(({ expectObservable }) => {
      const sora = new MockSoraClient({ scheduler });
      const a = sora.addVideo({ id: 'video_a' });
      const b = sora.addVideo({ id: 'video_b' });
      scheduler.schedule(() => sora.deleteVideo(a.id).subscribe(), 7);
      expectObservable(sora.watchVideo(a.id)).toBe(
        'a 6ms #',
        { a },
        expect.objectContaining({ name: 'NotFoundError', status: 404 }),
      );
      expectObservable(sora.watchVideo(b.id, { deadlineMs: 100 })).toBe(
        'b 99ms #',
        { b },
        new TimeoutError(100, { code: 'watch_deadline_exceeded' }),
      );
    });
  });

  it('autoAdvance moves jobs queued → in_progress → completed on the scheduler', () => {
    const scheduler = marbles();
    scheduler.run(({ expectObservable }) => {
      const sora = new MockSoraClient({
        scheduler,
        autoAdvance: { autoComplete: true, stepMs: 100, progressSteps: [30, 70] },
      });
      const events$ = sora.generateVideo({ prompt: 'a fox' });
      const video = (status: string, progress: number) => expect.objectContaining({ status, progress });
      expectObservable(events$).toBe('c 99ms p 99ms q 99ms (d|)', {
        c: { type: 'created', video: video('queued', 0) },
        p: { type: 'progress', video: video('in_progress', 30) },
        q: { type: 'progress', video: video('in_progress', 70) },
        d: { type: 'completed', video: video('completed', 100) },
      });
    });
  });

  it('autoAdvance can end jobs failed, and close() stops it', () => {
    const scheduler = marbles();
    scheduler.run(({ expectObservable, flush }) => {
      const error = { code: 'moderation_blocked', message: 'blocked' };
      const sora = new MockSoraClient({ scheduler, autoAdvance: { failWith: error, stepMs: 10, progressSteps: [] } });
      expectObservable(sora.generateVideo({ prompt: 'a fox' })).toBe(
        'c 9ms #',
        { c: expect.objectContaining({ type: 'created' }) },
        expect.objectContaining({ name: 'VideoGenerationFailedError', code: 'moderation_blocked' }),
      );
      flush();
      const stopped = new MockSoraClient({ scheduler, autoAdvance: { stepMs: 10 } });
      stopped.createVideo({ prompt: 'a fox' }).subscribe();
      stopped.close();
      flush();
      expect(stopped.videos()[0]?.status).toBe('queued');
    });
  });

  it('generateVideo downloads the result and the thumbnail when asked (real async scheduler)', async () => {
    const sora = new MockSoraClient({ autoAdvance: { stepMs: 1 } });
    const dir = mkdtempSync(join(tmpdir(), 'sora-gen-'));
    const destination = join(dir, 'fox.mp4');
    const thumbnail = join(dir, 'fox.webp');
    const events = await lastValueFrom(
      sora.generateVideo({ prompt: 'a fox' }, { download: { destination, thumbnail } }).pipe(toArray()),
    );
    expect(events.map((e) => e.type)).toEqual(['created', 'progress', 'completed', 'downloaded']);
    expect(events[3]).toMatchObject({
      path: destination,
      bytes: MOCK_CONTENT.video.length,
      thumbnail: { path: thumbnail, bytes: MOCK_CONTENT.thumbnail.length },
    });
    expect(readFileSync(thumbnail)).toEqual(Buffer.from(MOCK_CONTENT.thumbnail));
    expect(await sora.promises.watchVideo(events[0]!.video.id)).toMatchObject({ status: 'completed' });
  });
});
