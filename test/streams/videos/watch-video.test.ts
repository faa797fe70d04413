import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { NotFoundError, InternalServerError } from '../../../src/errors/api-errors.js';
import { VideoGenerationFailedError } from '../../../src/errors/job-errors.js';
import { ValidationError } from '../../../src/errors/validation-error.js';
import type { HttpResponse } from '../../../src/transport/types.js';
import type { Video } from '../../../src/streams/videos/types.js';
import { watchVideo } from '../../../src/streams/videos/watch-video.js';
import { createFakeRuntime, ok, video } from './fake-runtime.js';

const ts = (): TestScheduler => new TestScheduler((a, e) => expect(a).toEqual(e));
const fixed = { intervalMs: 1000, minIntervalMs: 1000, maxIntervalMs: 1000 };
const q = video({ status: 'queued', progress: 0 });
const i10 = video({ status: 'in_progress', progress: 10 });
const i50 = video({ status: 'in_progress', progress: 50 });
const done = video({ status: 'completed', progress: 100, completed_at: 2000 });
const failed = video({ status: 'failed', progress: 30, error: { code: 'moderation_blocked', message: 'no' } });

describe('watchVideo schedule (marbles, 2 ms fake latency)', () => {
  it('emits the first state, then only changes, completes after completed', () =>
    ts().run(({ cold, expectObservable }) => {
      const states = [q, q, i10, i10, i50, done];
      const rt = createFakeRuntime((_r, n) => cold('--(r|)', { r: ok(states[n]) }));
      // polls start at n * 1002 (previous answer + 1000), answers 2 ms later
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('--q 2003ms a 2003ms b 1001ms (c|)', {
        q,
        a: i10,
        b: i50,
        c: done,
      });
    }));

  it('never overlaps polls: each starts only after the previous answer plus the delay', () =>
    ts().run(({ cold, flush }) => {
      const states = [q, i10, i50, done];
      const rt = createFakeRuntime((_r, n) => cold('50ms (r|)', { r: ok(states[n]) }));
      watchVideo(rt, 'video_1', fixed).subscribe();
      flush();
      expect(rt.calls.map((c) => c.atMs)).toEqual([0, 1050, 2100, 3150]);
    }));

  it('the openai-poll-after-ms header wins over the computed delay, within [minIntervalMs, maxIntervalMs]', () =>
    ts().run(({ cold, expectObservable, flush }) => {
      const states = [q, i10, done];
      const hinted = (ms: string) => (_r: unknown, n: number) =>
        cold('--(r|)', { r: ok(states[n], { 'openai-poll-after-ms': ms }) as HttpResponse<unknown> });
      const rt = createFakeRuntime(hinted('300'));
      const wide = { intervalMs: 1000, minIntervalMs: 100, maxIntervalMs: 1000 };
      expectObservable(watchVideo(rt, 'video_1', wide)).toBe('--q 301ms a 301ms (c|)', { q, a: i10, c: done });
      // A hint of 0 cannot make the watch spin, nor one of ~35 years make it sleep past maxIntervalMs.
      const spin = createFakeRuntime(hinted('0'));
      watchVideo(spin, 'video_1', wide).subscribe();
      const sleepy = createFakeRuntime(hinted(String(2 ** 40)));
      watchVideo(sleepy, 'video_1', wide).subscribe();
      flush();
      expect(spin.calls.map((c) => c.atMs)).toEqual([0, 102, 204]);
      expect(sleepy.calls.map((c) => c.atMs)).toEqual([0, 1002, 2004]);
    }));

  it('adaptive delay: slows while queued, by the slowdown factor', () =>
    ts().run(({ cold, flush }) => {
      const states = [q, q, q, done];
      const rt = createFakeRuntime((_r, n) => cold('(r|)', { r: ok(states[n]) }));
      watchVideo(rt, 'video_1', {
        intervalMs: 1000,
        minIntervalMs: 100,
        maxIntervalMs: 10_000,
        slowdownFactor: 2,
      }).subscribe();
      flush();
      expect(rt.calls.map((c) => c.atMs)).toEqual([0, 1000, 3000, 7000]);
    }));

  it('errors with VideoGenerationFailedError on failed', () =>
    ts().run(({ cold, expectObservable }) => {
      const states = [q, failed];
      const rt = createFakeRuntime((_r, n) => cold('--(r|)', { r: ok(states[n]) }));
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe(
        '--q 1001ms #',
        { q },
        expect.objectContaining({ name: 'VideoGenerationFailedError', jobError: failed.error }),
      );
    }));

  it('errors with TimeoutError past deadlineMs and stops polling', () =>
    ts().run(({ cold, expectObservable, flush }) => {
      const rt = createFakeRuntime(() => cold('--(r|)', { r: ok(q) }));
      expectObservable(watchVideo(rt, 'video_1', { ...fixed, deadlineMs: 2500 })).toBe(
        '--q 2497ms #',
        { q },
        expect.objectContaining({ name: 'TimeoutError', code: 'watch_deadline_exceeded', timeoutMs: 2500 }),
      );
      flush();
      expect(rt.calls).toHaveLength(3); // 0, 1002, 2004
    }));

  it('unsubscribing stops polling at once (in-flight request unsubscribed)', () =>
    ts().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const responses = [cold('--(r|)', { r: ok(q) }), cold('--(r|)', { r: ok(q) }), cold('--(r|)', { r: ok(q) })];
      const rt = createFakeRuntime((_r, n) => responses[n]!);
      expectObservable(watchVideo(rt, 'video_1', fixed), '^ 1002ms !').toBe('--q', { q });
      flush();
      expect(rt.calls).toHaveLength(2);
      expectSubscriptions(responses[1]!.subscriptions).toBe('1002ms ^ !');
    }));

  it('a retryable poll failure is skipped; a 404 ends the watch', () =>
    ts().run(({ cold, expectObservable }) => {
      const boom = new InternalServerError('500 boom', { status: 500, retryable: true });
      const answers: Observable<HttpResponse<unknown>>[] = [
        cold('--(r|)', { r: ok(q) }),
        cold<HttpResponse<unknown>>('--#', undefined, boom),
        cold('--(r|)', { r: ok(done) }),
      ];
      const rt = createFakeRuntime((_r, n) => answers[n]!);
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('--q 2003ms (c|)', { q, c: done });

      const missing = new NotFoundError('404 no such video', { status: 404 });
      const rt2 = createFakeRuntime((_r, n) =>
        n === 0 ? cold('--(r|)', { r: ok(q) }) : cold('--#', undefined, missing),
      );
      expectObservable(watchVideo(rt2, 'video_1', fixed)).toBe('--q 1001ms #', { q }, missing);
    }));

  it('validates the id and schedule before polling', () =>
    ts().run(({ expectObservable, flush }) => {
      const rt = createFakeRuntime(() => {
        throw new Error('must not send');
      });
      expectObservable(watchVideo(rt, '..')).toBe('#', undefined, expect.any(ValidationError));
      expectObservable(watchVideo(rt, 'video_1', { intervalMs: -1 })).toBe(
        '#',
        undefined,
        expect.objectContaining({ field: 'intervalMs' }),
      );
      flush();
      expect(rt.calls).toHaveLength(0);
    }));
});

describe('VideoGenerationFailedError', () => {
  it('carries the failed video', () => {
    const e = new VideoGenerationFailedError<Video>(failed);
    expect(e.video.id).toBe('video_1');
  });
});
