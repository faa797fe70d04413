/**
 * Marble tests of the shared poller (one loop per client): watches of one id share its polls, many due ids cost one
 * list request, ids missing from the pages get one retrieve each, a service that cannot list falls back to
 * retrieves, webhook events trigger an immediate retrieve and slow the fallback polling. Fake runtime, 2 ms latency.
 */
import { type Observable, switchMap, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { InternalServerError, NotFoundError } from '../../../src/errors/api-errors.js';
import type { VideoWebhookEvent } from '../../../src/streams/poller/webhook-event.js';
import type { HttpResponse } from '../../../src/transport/types.js';
import type { Video } from '../../../src/streams/videos/types.js';
import { watchVideo } from '../../../src/streams/videos/watch-video.js';
import { ok, video } from '../videos/fake-runtime.js';
import { asked, page, pollerRuntime, vid } from './helpers.js';

const scheduler = (): TestScheduler => new TestScheduler((a, e) => expect(a).toEqual(e));
const fixed = { intervalMs: 1000, minIntervalMs: 1000, maxIntervalMs: 1000 };
const q = video({ status: 'queued', progress: 0 });
const i10 = video({ status: 'in_progress', progress: 10 });
const i50 = video({ status: 'in_progress', progress: 50 });
const done = video({ status: 'completed', progress: 100, completed_at: 2000 });
const event = (id: string): VideoWebhookEvent => ({
  id: `evt_${id}`,
  object: 'event',
  type: 'video.completed',
  created_at: 1,
  data: { id },
});
type Reply = Observable<HttpResponse<unknown>>;

describe('shared poller: watches of one id share its polls', () => {
  it('two watches of one id: one poll per tick, the same states; a late watcher gets the latest state at once', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, flush }) => {
      const states = [q, q, i10, i10, i50, done];
      const rt = pollerRuntime({ retrieve: (_id, n) => cold('--(r|)', { r: ok(states[n]) }) }, s);
      const values = { q, a: i10, b: i50, c: done };
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('--q 2003ms a 2003ms b 1001ms (c|)', values);
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('--q 2003ms a 2003ms b 1001ms (c|)', values);
      const late$ = timer(500, s).pipe(switchMap(() => watchVideo(rt, 'video_1', fixed)));
      expectObservable(late$).toBe('500ms q 1505ms a 2003ms b 1001ms (c|)', values);
      flush();
      expect(rt.calls.map((c) => c.atMs)).toEqual([0, 1002, 2004, 3006, 4008, 5010]);
    });
  });

  it('when the last watcher of an id leaves, that id is no longer polled; other ids go on', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, flush }) => {
      const rt = pollerRuntime({ retrieve: (id) => cold('--(r|)', { r: ok(video({ id })) }) }, s);
      expectObservable(watchVideo(rt, 'video_1', fixed), '^ 1500ms !').toBe('--a', { a: video({ id: 'video_1' }) });
      expectObservable(watchVideo(rt, 'video_1', fixed), '^ 1200ms !').toBe('--a', { a: video({ id: 'video_1' }) });
      expectObservable(watchVideo(rt, 'video_2', fixed), '^ 3500ms !').toBe('--a', { a: video({ id: 'video_2' }) });
      flush();
      expect(rt.calls.map((c) => `${c.atMs} ${asked(rt)[rt.calls.indexOf(c)]}`)).toEqual([
        '0 get video_1',
        '0 get video_2',
        '1002 get video_1',
        '1002 get video_2',
        '2004 get video_2',
        '3006 get video_2',
      ]);
    });
  });

  it('sharedPolling: false polls each watch on its own (per-id polling)', () => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const rt = pollerRuntime({ retrieve: () => cold('--(r|)', { r: ok(q) }) }, s, { shared: false });
      watchVideo(rt, 'video_1', { ...fixed, deadlineMs: 1500 }).subscribe({ error: () => undefined });
      watchVideo(rt, 'video_1', { ...fixed, deadlineMs: 1500 }).subscribe({ error: () => undefined });
      flush();
      expect(rt.calls.map((c) => c.atMs)).toEqual([0, 0, 1002, 1002]);
    });
  });

  it('watches with different request headers do not share requests; with equal ones they do', () => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const rt = pollerRuntime({ retrieve: () => cold('--(r|)', { r: ok(q) }) }, s);
      const watch = (tenant: string) =>
        watchVideo(rt, 'video_1', { ...fixed, deadlineMs: 500, headers: { 'x-tenant': tenant } }).subscribe({
          error: () => undefined,
        });
      watch('a');
      watch('a');
      watch('b');
      flush();
      expect(rt.calls).toHaveLength(2); // one for the two 'a' watches, one for 'b'
    });
  });
});

describe('shared poller: many due ids, one list request', () => {
  it('N due ids: one GET /videos?order=desc&limit=100 per tick, every watch gets its state', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, flush }) => {
      const ids = [1, 2, 3, 4, 5];
      const pages = [
        page(ids.map((n) => vid(n, { status: 'in_progress', progress: 10 }))),
        page(ids.map((n) => vid(n, { status: 'completed', progress: 100 }))),
      ];
      const rt = pollerRuntime(
        { list: (_r, n) => cold('--(r|)', { r: pages[Math.min(n, 1)]! }), retrieve: () => cold('#') },
        s,
      );
      for (const n of ids) {
        // States from a list sweep are stamped with the sweep's start: the next one is due 1000 ms after it.
        expectObservable(watchVideo(rt, `video_${n}`, fixed)).toBe('--a 999ms (c|)', {
          a: vid(n, { status: 'in_progress', progress: 10 }),
          c: vid(n, { status: 'completed', progress: 100 }),
        });
      }
      flush();
      expect(asked(rt)).toEqual(['list', 'list']);
      expect(rt.calls.map((c) => c.atMs)).toEqual([0, 1000]);
      expect(rt.calls[0]!.request.query).toEqual({ order: 'desc', limit: 100, after: undefined });
      expect(rt.operations.filter((o) => o === 'pollVideos')).toHaveLength(2);
    });
  });

  it('where polls ride on list reads, rising progress is polled at half its estimated time to 100 %', () => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const at = (progress: number) => page([1, 2, 3].map((n) => vid(n, { status: 'in_progress', progress })));
      const pages = [at(10), at(20), at(60)];
      const rt = pollerRuntime(
        { list: (_r, n) => cold('--(r|)', { r: pages[Math.min(n, 2)]! }), retrieve: () => cold('#') },
        s,
      );
      const schedule = { intervalMs: 1000, minIntervalMs: 100, maxIntervalMs: 100_000, deadlineMs: 5500 };
      for (const n of [1, 2, 3]) watchVideo(rt, `video_${n}`, schedule).subscribe({ error: () => {} });
      flush();
      // 10 % at 0, 20 % at 1000: 1 %/100 ms, 80 % left = 8 s; half of it: the next list at 5000 (per-id: 9000)
      expect(rt.calls.map((c) => c.atMs)).toEqual([0, 1000, 5000]);
    });
  });

  it('below the threshold each due id is retrieved', () => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const rt = pollerRuntime({ retrieve: (id) => cold('--(r|)', { r: ok(video({ id, status: 'completed' })) }) }, s);
      for (const n of [1, 2]) watchVideo(rt, `video_${n}`, fixed).subscribe();
      flush();
      expect(asked(rt)).toEqual(['get video_1', 'get video_2']);
    });
  });

  it('an id missing from the pages gets one retrieve, in the same tick', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, flush }) => {
      const rt = pollerRuntime(
        {
          list: () => cold('--(r|)', { r: page([1, 2, 3].map((n) => vid(n, { status: 'completed', progress: 100 }))) }),
          retrieve: (id) => cold('--(r|)', { r: ok(video({ id, status: 'completed', progress: 100 })) }),
        },
        s,
      );
      for (const n of [1, 2, 3]) {
        expectObservable(watchVideo(rt, `video_${n}`, fixed)).toBe('--(c|)', {
          c: vid(n, { status: 'completed', progress: 100 }),
        });
      }
      expectObservable(watchVideo(rt, 'video_4', fixed)).toBe('----(c|)', {
        c: video({ id: 'video_4', status: 'completed', progress: 100 }),
      });
      flush();
      expect(asked(rt)).toEqual(['list', 'get video_4']);
      expect(rt.calls.map((c) => c.atMs)).toEqual([0, 2]);
    });
  });

  it('follows the cursor until every due id is seen, at most ceil(due / 100) + 1 pages', () => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const running = (n: number): Video => vid(n, { status: 'in_progress', progress: 5 });
      const pages: Record<string, HttpResponse<unknown>> = {
        first: page([running(9), running(1)], true),
        video_1: page([running(2), running(8)], true),
        video_8: page([running(3)], false),
      };
      const rt = pollerRuntime(
        {
          list: (r) => cold('--(r|)', { r: pages[String(r.query?.['after'] ?? 'first')]! }),
          retrieve: (id) => cold('--(r|)', { r: ok(video({ id, status: 'in_progress', progress: 5 })) }),
        },
        s,
      );
      for (const n of [1, 2, 3])
        watchVideo(rt, `video_${n}`, { ...fixed, deadlineMs: 500 }).subscribe({ error: () => {} });
      flush();
      // 3 due ids: a budget of 2 pages; video_3 (on the third page) is retrieved instead.
      expect(asked(rt)).toEqual(['list', 'list after=video_1', 'get video_3']);
    });
  });

  it('stops at a page older than the oldest due id and retrieves the ids it did not show', () => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const running = (n: number, progress: number): Video => vid(n, { status: 'in_progress', progress });
      const rt = pollerRuntime(
        {
          list: (_r, n) =>
            cold('--(r|)', {
              // tick 1: all three (created_at 1001..1003 now known); tick 2: only video_3, then an older video.
              r:
                n === 0
                  ? page([3, 2, 1].map((k) => running(k, 5)))
                  : page([running(3, 9), vid(7, { created_at: 999 })], true),
            }),
          retrieve: (id) =>
            cold('--(r|)', { r: ok(video({ id, created_at: 1001, status: 'in_progress', progress: 9 })) }),
        },
        s,
      );
      for (const n of [1, 2, 3])
        watchVideo(rt, `video_${n}`, { ...fixed, deadlineMs: 1500 }).subscribe({ error: () => {} });
      flush();
      expect(asked(rt)).toEqual(['list', 'list', 'get video_1', 'get video_2']);
    });
  });

  it('a retryable list failure: the due ids are retrieved in that tick (not counted as failures); the next tick lists again', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, flush }) => {
      const boom = new InternalServerError('500 boom', { status: 500, retryable: true });
      const rt = pollerRuntime(
        {
          list: (_r, n) =>
            n === 0
              ? cold<HttpResponse<unknown>>('--#', undefined, boom)
              : cold('--(r|)', { r: page([1, 2, 3].map((k) => vid(k, { status: 'completed', progress: 100 }))) }),
          retrieve: (id) => cold('--(r|)', { r: ok(video({ id, status: 'in_progress', progress: 10 })) }),
        },
        s,
      );
      for (const n of [1, 2, 3]) {
        expectObservable(watchVideo(rt, `video_${n}`, { ...fixed, maxConsecutiveFailures: 1 })).toBe(
          '----a 1001ms (c|)',
          {
            a: video({ id: `video_${n}`, status: 'in_progress', progress: 10 }),
            c: vid(n, { status: 'completed', progress: 100 }),
          },
        );
      }
      flush();
      expect(asked(rt)).toEqual(['list', 'get video_1', 'get video_2', 'get video_3', 'list']);
      expect(rt.warnings.some((w) => /list read failed/.test(w))).toBe(true);
    });
  });
});

describe('shared poller: a service that cannot list', () => {
  it.each([
    [
      '404',
      (cold: TestScheduler['createColdObservable']): Reply =>
        cold<HttpResponse<unknown>>('--#', undefined, new NotFoundError('404', { status: 404 })),
    ],
    [
      'a list without statuses',
      (cold: TestScheduler['createColdObservable']): Reply =>
        cold('--(r|)', { r: ok({ object: 'list', data: [{ id: 'video_1' }], has_more: false }) }),
    ],
  ])('%s: per-id retrieves from then on, said once at info', (_name, listReply) => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const rt = pollerRuntime(
        { list: () => listReply(cold), retrieve: (id) => cold('--(r|)', { r: ok(video({ id })) }) },
        s,
      );
      for (const n of [1, 2, 3])
        watchVideo(rt, `video_${n}`, { ...fixed, deadlineMs: 1500 }).subscribe({ error: () => {} });
      for (const n of [4, 5, 6]) {
        timer(1100, s)
          .pipe(switchMap(() => watchVideo(rt, `video_${n}`, { ...fixed, deadlineMs: 400 })))
          .subscribe({ error: () => {} });
      }
      flush();
      expect(asked(rt)).toEqual([
        'list',
        'get video_1',
        'get video_2',
        'get video_3',
        'get video_1',
        'get video_2',
        'get video_3',
        'get video_4',
        'get video_5',
        'get video_6',
      ]);
      expect(rt.infos.filter((l) => /cannot list/.test(l))).toHaveLength(1);
    });
  });
});

describe('shared poller: webhook events', () => {
  it('an event for a watched id triggers one immediate retrieve; from the first event on, polls slow to the safety interval', () => {
    const s = scheduler();
    s.run(({ cold, hot, expectObservable, flush }) => {
      const events = hot<VideoWebhookEvent>('3000ms a 1000ms x', { a: event('video_1'), x: event('video_unwatched') });
      const rt = pollerRuntime(
        {
          retrieve: (id) => cold('--(r|)', { r: ok(id === 'video_1' && s.now() >= 3000 ? done : video({ id })) }),
        },
        s,
        { webhookSafetyIntervalMs: 10_000 },
        events,
      );
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('--q 2999ms (c|)', { q, c: done });
      expectObservable(watchVideo(rt, 'video_2', fixed), '^ 25000ms !').toBe('--q', { q: video({ id: 'video_2' }) });
      flush();
      expect(rt.calls.map((c) => `${c.atMs} ${asked(rt)[rt.calls.indexOf(c)]}`)).toEqual([
        '0 get video_1',
        '0 get video_2',
        '1002 get video_1',
        '1002 get video_2',
        '2004 get video_1',
        '2004 get video_2',
        '3000 get video_1',
        // the first event (at 3000) slows the polls: 10 s after video_2's last answer (2006)
        '12006 get video_2',
        '22008 get video_2',
      ]);
    });
  });

  it('an event during a poll in flight polls again right after it; when the events end, the normal schedule is back', () => {
    const s = scheduler();
    s.run(({ cold, flush }) => {
      const events = cold<VideoWebhookEvent>('20ms a 4979ms |', { a: event('video_1') });
      const rt = pollerRuntime(
        { retrieve: () => cold('50ms (r|)', { r: ok(q) }) },
        s,
        { webhookSafetyIntervalMs: 10_000 },
        events,
      );
      // 0: first state (the event at 20 comes while it is in flight); 50: polled again right after it;
      // then the 10 s safety interval, until the events end at 5000: the poll due since 1100 is sent, then every 1 s.
      watchVideo(rt, 'video_1', { ...fixed, deadlineMs: 7000 }).subscribe({ error: () => {} });
      flush();
      expect(rt.calls.map((c) => c.atMs)).toEqual([0, 50, 5000, 6050]);
    });
  });
});

describe('shared poller: watch bounds', () => {
  it('errors with the last failure after maxConsecutiveFailures failed polls in a row', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const boom = new InternalServerError('500 boom', { status: 500, retryable: true });
      const rt = pollerRuntime(
        {
          retrieve: (_id, n) =>
            n === 0 ? cold('--(r|)', { r: ok(q) }) : cold<HttpResponse<unknown>>('--#', undefined, boom),
        },
        s,
      );
      expectObservable(watchVideo(rt, 'video_1', { ...fixed, maxConsecutiveFailures: 3 })).toBe(
        '--q 3005ms #',
        { q },
        boom,
      );
    });
  });

  it('a success resets the count of failures', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const boom = new InternalServerError('500 boom', { status: 500, retryable: true });
      const script: Reply[] = [
        cold('--(r|)', { r: ok(q) }),
        cold('--#', undefined, boom),
        cold('--(r|)', { r: ok(i10) }),
        cold('--#', undefined, boom),
        cold('--(r|)', { r: ok(done) }),
      ];
      const rt = pollerRuntime({ retrieve: (_id, n) => script[n]! }, s);
      expectObservable(watchVideo(rt, 'video_1', { ...fixed, maxConsecutiveFailures: 2 })).toBe(
        '--q 2003ms a 2003ms (c|)',
        { q, a: i10, c: done },
      );
    });
  });

  it('a default watch ends at the default deadline (1 h) even if the job never moves', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const rt = pollerRuntime({ retrieve: () => cold('--(r|)', { r: ok(q) }) }, s);
      expectObservable(watchVideo(rt, 'video_1')).toBe(
        '--q 3599997ms #',
        { q },
        expect.objectContaining({ name: 'TimeoutError', code: 'watch_deadline_exceeded', timeoutMs: 3_600_000 }),
      );
    });
  });

  it('never schedules a timer above 2^31-1 ms: a long deadline and huge hints are waited in bounded steps', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const delays: number[] = [];
      const spy = {
        now: () => s.now(),
        schedule: (...args: Parameters<TestScheduler['schedule']>) => {
          delays.push(args[1] ?? 0);
          return s.schedule(...args);
        },
      };
      const huge = String(2 ** 40);
      const rt = pollerRuntime({ retrieve: () => cold('--(r|)', { r: ok(q, { 'openai-poll-after-ms': huge }) }) }, spy);
      const deadlineMs = 2 ** 31 + 5002; // a multiple of the 10 ms deadline slot
      expectObservable(watchVideo(rt, 'video_1', { maxIntervalMs: 2 ** 40, deadlineMs })).toBe(
        `--q ${deadlineMs - 3}ms #`,
        { q },
        expect.objectContaining({ name: 'TimeoutError', code: 'watch_deadline_exceeded' }),
      );
      expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1);
    });
  });
});
