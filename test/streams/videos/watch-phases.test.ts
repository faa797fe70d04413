import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve.js';
import { VideoCancelledError, VideoExpiredError, VideoGenerationFailedError } from '../../../src/errors/index.js';
import type { Video } from '../../../src/streams/videos/types.js';
import { watchVideo } from '../../../src/streams/videos/watch-video.js';
import { createFakeRuntime, ok } from './fake-runtime.js';

const ts = (): TestScheduler => new TestScheduler((a, e) => expect(a).toEqual(e));
const fixed = { intervalMs: 1000, minIntervalMs: 1000, maxIntervalMs: 1000 };
/** A LiteLLM/Veo-style status body: id, object, status and nothing else. */
const bare = (status: string): Video => ({ id: 'video_1', object: 'video', status });

describe('watchVideo with provider statuses (marbles)', () => {
  it('emits every change of status although the server sends no progress, and completes on an alias', () =>
    ts().run(({ cold, expectObservable }) => {
      const states = [bare('pending'), bare('pending'), bare('processing'), bare('processing'), bare('succeeded')];
      const rt = createFakeRuntime((_r, n) => cold('(r|)', { r: ok(states[n]) }));
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('a 1999ms b 1999ms (c|)', {
        a: bare('pending'),
        b: bare('processing'),
        c: bare('succeeded'),
      });
    }));

  it.each([
    ['cancelled', VideoCancelledError],
    ['expired', VideoExpiredError],
    ['failed', VideoGenerationFailedError],
    ['error', VideoGenerationFailedError],
  ])('errors with a typed error on %s', (status, cls) =>
    ts().run(({ cold, expectObservable }) => {
      const states = [bare('queued'), bare(status)];
      const rt = createFakeRuntime((_r, n) => cold('(r|)', { r: ok(states[n]) }));
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('a 999ms #', { a: bare('queued') }, expect.any(cls));
    }),
  );

  it('keeps polling an unknown status (in progress) until a known terminal one', () =>
    ts().run(({ cold, expectObservable }) => {
      const states = [bare('rendering'), bare('rendering'), bare('completed')];
      const rt = createFakeRuntime((_r, n) => cold('(r|)', { r: ok(states[n]) }));
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('a 1999ms (c|)', {
        a: bare('rendering'),
        c: bare('completed'),
      });
    }));

  it('the statusAliases client option extends the table', () =>
    ts().run(({ cold, expectObservable }) => {
      const states = [bare('rendering'), bare('DONE')];
      const base = createFakeRuntime((_r, n) => cold('(r|)', { r: ok(states[n]) }));
      const rt = { ...base, config: resolveConfig({ apiKey: 'k', statusAliases: { done: 'completed' } }, {}) };
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('a 999ms (c|)', {
        a: bare('rendering'),
        c: bare('DONE'),
      });
    }));
});
