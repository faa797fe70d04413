/**
 * Marble tests of the shared poller's audit fixes: a flaky list read falls back to retrieves (and is not counted
 * against the ids), 401/403 on the list alone stops listing, a departed watcher's schedule leaves with it, statuses
 * named like `Object.prototype` members count as in progress, and only a webhook stream that has delivered an event
 * slows the polls. Fake runtime, 2 ms latency.
 */
import { NEVER, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, InternalServerError, PermissionDeniedError } from '../../../src/errors/api-errors.js';
import type { VideoWebhookEvent } from '../../../src/streams/poller/webhook-event.js';
import { statusTable, videoPhase } from '../../../src/streams/videos/video-phase.js';
import type { HttpResponse } from '../../../src/transport/types.js';
import { watchVideo } from '../../../src/streams/videos/watch-video.js';
import { ok, video } from '../videos/fake-runtime.js';
import { asked, pollerRuntime } from './helpers.js';

const scheduler = (): TestScheduler => new TestScheduler((a, e) => expect(a).toEqual(e));
const fixed = { intervalMs: 1000, minIntervalMs: 1000, maxIntervalMs: 1000 };
const q = video({ status: 'queued', progress: 0 });
type Reply = Observable<HttpResponse<unknown>>;
const callLog = (rt: ReturnType<typeof pollerRuntime>): string[] => rt.calls.map((c, i) => `${c.atMs} ${asked(rt)[i]}`);

describe('shared poller: a flaky list read', () => {
  it('a list that keeps failing retryably falls back to retrieves; the watches complete, not error', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, flush }) => {
      const boom = new InternalServerError('500 boom', { status: 500, retryable: true });
      const rt = pollerRuntime(
        {
          list: () => cold<HttpResponse<unknown>>('--#', undefined, boom),
          retrieve: (id) => {
            const now = s.now();
            const state =
              now < 2000
                ? { status: 'in_progress', progress: now < 1000 ? 10 : 30 }
                : { status: 'completed', progress: 100 };
            return cold('--(r|)', { r: ok(video({ id, ...state })) });
          },
        },
        s,
      );
      for (const n of [1, 2, 3]) {
        // tick at 0: list fails at 2, retrieves answer at 4; tick at 1004 the same; the third tick completes.
        watchVideo(rt, `video_${n}`, { ...fixed, maxConsecutiveFailures: 2 }).subscribe({
          error: (e: unknown) => expect.fail(`video_${n} errored: ${String(e)}`),
        });
      }
      expectObservable(watchVideo(rt, 'video_1', { ...fixed, maxConsecutiveFailures: 2 })).toBe(
        '----a 1003ms b 1003ms (c|)',
        {
          a: video({ id: 'video_1', status: 'in_progress', progress: 10 }),
          b: video({ id: 'video_1', status: 'in_progress', progress: 30 }),
          c: video({ id: 'video_1', status: 'completed', progress: 100 }),
        },
      );
      flush();
      expect(asked(rt).filter((a) => a === 'list')).toHaveLength(3);
      expect(asked(rt).filter((a) => a !== 'list')).toHaveLength(9);
      expect(rt.warnings.some((w) => /list read failed/.test(w))).toBe(true);
    });
  });
});

describe('shared poller: 401/403 on the list alone', () => {
  it.each([
    ['401', () => new AuthenticationError('401', { status: 401 })],
    ['403', () => new PermissionDeniedError('403', { status: 403 })],
  ])('%s: per-id retrieves from then on, said once at info', (_name, makeError) => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const rt = pollerRuntime(
        {
          list: (): Reply => cold<HttpResponse<unknown>>('--#', undefined, makeError()),
          retrieve: (id) => cold('--(r|)', { r: ok(video({ id })) }),
        },
        s,
      );
      for (const n of [1, 2, 3])
        watchVideo(rt, `video_${n}`, { ...fixed, deadlineMs: 1500 }).subscribe({ error: () => {} });
      flush();
      expect(asked(rt)).toEqual([
        'list',
        'get video_1',
        'get video_2',
        'get video_3',
        'get video_1',
        'get video_2',
        'get video_3',
      ]);
      expect(rt.infos.filter((l) => /cannot list/.test(l))).toHaveLength(1);
    });
  });
});

describe('shared poller: a departed watcher', () => {
  it('one of two fast watchers leaving keeps the fast cadence (each watcher holds its own schedule)', () => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const rt = pollerRuntime({ retrieve: () => cold('--(r|)', { r: ok(q) }) }, s);
      const fast = { intervalMs: 100, minIntervalMs: 100, maxIntervalMs: 100 };
      watchVideo(rt, 'video_1', { ...fixed, deadlineMs: 3500 }).subscribe({ error: () => {} });
      watchVideo(rt, 'video_1', { ...fast, deadlineMs: 600 }).subscribe({ error: () => {} });
      const fastWatch = watchVideo(rt, 'video_1', fast).subscribe();
      s.schedule(() => fastWatch.unsubscribe(), 250);
      flush();
      const times = rt.calls.map((c) => c.atMs);
      expect(times.slice(0, 6)).toEqual([0, 102, 204, 306, 408, 510]);
    });
  });

  it('the id polls at the slow cadence once the only fast watcher left', () => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const rt = pollerRuntime({ retrieve: () => cold('--(r|)', { r: ok(q) }) }, s);
      const fast = { intervalMs: 100, minIntervalMs: 100, maxIntervalMs: 100 };
      watchVideo(rt, 'video_1', { ...fixed, deadlineMs: 3500 }).subscribe({ error: () => {} });
      const fastWatch = watchVideo(rt, 'video_1', fast).subscribe();
      s.schedule(() => fastWatch.unsubscribe(), 250);
      flush();
      // fast polls at 0, 102, 204; the fast watcher leaves at 250; the next poll is 1000 ms after the last
      expect(rt.calls.map((c) => c.atMs)).toEqual([0, 102, 204, 1206, 2208, 3210]);
    });
  });
});

describe('shared poller: statuses named like Object.prototype members', () => {
  const names = Object.getOwnPropertyNames(Object.prototype);

  it('covers the built-in names', () => {
    expect(names).toEqual(expect.arrayContaining(['constructor', 'toString', '__proto__', 'hasOwnProperty']));
  });

  it.each(names)('status %j counts as in progress (videoPhase)', (name) => {
    expect(videoPhase(name)).toBe('in_progress');
    expect(videoPhase(name.toUpperCase())).toBe('in_progress');
  });

  it('a statusAliases entry named __proto__ is an own key of the table like any other', () => {
    const table = statusTable(JSON.parse('{"__proto__":"completed"}') as Record<string, 'completed'>);
    expect(videoPhase('__proto__', table)).toBe('completed');
    expect(videoPhase('constructor', table)).toBe('in_progress');
    expect(videoPhase('succeeded', table)).toBe('completed');
  });

  it.each(names)('a watch through status %j goes on polling and completes', (name) => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const odd = video({ status: name, progress: 10 });
      const done = video({ status: 'completed', progress: 100 });
      const rt = pollerRuntime({ retrieve: (_id, n) => cold('--(r|)', { r: ok(n === 0 ? odd : done) }) }, s);
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('--a 1001ms (c|)', { a: odd, c: done });
    });
  });
});

describe('shared poller: a silent webhookEvents stream', () => {
  it('an open stream that never emits keeps the normal adaptive schedule', () => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const rt = pollerRuntime(
        { retrieve: () => cold('--(r|)', { r: ok(q) }) },
        s,
        { webhookSafetyIntervalMs: 10_000 },
        NEVER as Observable<VideoWebhookEvent>,
      );
      watchVideo(rt, 'video_1', { ...fixed, deadlineMs: 3500 }).subscribe({ error: () => {} });
      flush();
      expect(rt.calls.map((c) => c.atMs)).toEqual([0, 1002, 2004, 3006]);
    });
  });

  it('the safety interval applies from the first event on', () => {
    const s = scheduler();
    s.run(({ cold, hot, flush }) => {
      const events = hot<VideoWebhookEvent>('1500ms a', {
        a: { id: 'evt_1', object: 'event', type: 'video.completed', created_at: 1, data: { id: 'video_other' } },
      });
      const rt = pollerRuntime(
        { retrieve: () => cold('--(r|)', { r: ok(q) }) },
        s,
        { webhookSafetyIntervalMs: 10_000 },
        events,
      );
      watchVideo(rt, 'video_1', { ...fixed, deadlineMs: 12_500 }).subscribe({ error: () => {} });
      flush();
      expect(callLog(rt)).toEqual(['0 get video_1', '1002 get video_1', '11004 get video_1']);
    });
  });
});
