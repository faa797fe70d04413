/**
 * Marble tests of `generateVideo` seeding the shared poller with the create response: no `GET /videos/{id}` for
 * the first watched state, the next poll due by the schedule (as if the create response had just been polled), and
 * several jobs' later polls riding on one list request. `watchVideo` still fetches its first state at once.
 * Fake runtime, 2 ms latency.
 */
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../../src/transport/types.js';
import type { GenerateVideoEvent, Video } from '../../../src/streams/videos/types.js';
import { generateVideo } from '../../../src/streams/videos/generate-video.js';
import { watchVideo } from '../../../src/streams/videos/watch-video.js';
import { ok } from '../videos/fake-runtime.js';
import { asked, page, pollerRuntime, vid } from './helpers.js';

const scheduler = (): TestScheduler => new TestScheduler((a, e) => expect(a).toEqual(e));
const fixed = { intervalMs: 1000, minIntervalMs: 1000, maxIntervalMs: 1000 };
type Reply = Observable<HttpResponse<unknown>>;

/** `POST /videos` answers `created(n)` for the n-th create (0-based); `GET /videos` answers `list`. */
function routes(
  created: (n: number) => Reply,
  list: (n: number) => Reply,
  retrieve: (id: string) => Reply,
): { list: (request: HttpRequest, n: number) => Reply; retrieve: (id: string) => Reply } {
  let creates = 0;
  let lists = 0;
  return {
    list: (request) => (request.method === 'POST' ? created(creates++) : list(lists++)),
    retrieve,
  };
}

const calls = (rt: ReturnType<typeof pollerRuntime>): string[] =>
  rt.calls.map((c, i) => `${c.atMs} ${c.request.method === 'POST' ? 'create' : asked(rt)[i]}`);

describe('generateVideo: the create response is the first watched state', () => {
  it('sends the create, then no retrieve before the schedule first comes due', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, flush }) => {
      const queued = vid(1, { status: 'queued', progress: 0 });
      const done = vid(1, { status: 'completed', progress: 100 });
      const rt = pollerRuntime(
        routes(
          () => cold('--(r|)', { r: ok(queued) }),
          () => cold('#'),
          () => cold('--(r|)', { r: ok(done) }),
        ),
        s,
      );
      const events: Record<string, GenerateVideoEvent> = {
        c: { type: 'created', video: queued },
        d: { type: 'completed', video: done },
      };
      // created at 2; the create response counts as polled at 2, so the first retrieve is due at 1002
      expectObservable(generateVideo(rt, { prompt: 'a fox' }, { watch: fixed })).toBe('--c 1001ms (d|)', events);
      flush();
      expect(calls(rt)).toEqual(['0 create', '1002 get video_1']);
    });
  });

  it('a job already completed at creation yields `completed` without any poll', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, flush }) => {
      const done = vid(1, { status: 'completed', progress: 100 });
      const rt = pollerRuntime(
        routes(
          () => cold('--(r|)', { r: ok(done) }),
          () => cold('#'),
          () => cold('#'),
        ),
        s,
      );
      expectObservable(generateVideo(rt, { prompt: 'a fox' }, { watch: fixed })).toBe('--(cd|)', {
        c: { type: 'created', video: done },
        d: { type: 'completed', video: done },
      });
      flush();
      expect(calls(rt)).toEqual(['0 create']);
    });
  });

  it('several jobs: no retrieve at all; their later polls ride on one list request', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, flush }) => {
      const ids = [1, 2, 3];
      const queued = (n: number): Video => vid(n, { status: 'queued', progress: 0 });
      const done = (n: number): Video => vid(n, { status: 'completed', progress: 100 });
      // creates answer at 2, 3 and 4 ms: the ids come due at 1002, 1003, 1004 and are read together at 1002
      const latency = ['--(r|)', '---(r|)', '----(r|)'];
      const rt = pollerRuntime(
        routes(
          (n) => cold(latency[n]!, { r: ok(queued(n + 1)) }),
          () => cold('--(r|)', { r: page(ids.map(done)) }),
          () => cold('#'),
        ),
        s,
      );
      for (const n of ids) {
        const created = `${'-'.repeat(n + 1)}c`;
        expectObservable(generateVideo(rt, { prompt: `fox ${n}` }, { watch: fixed })).toBe(
          `${created} ${1004 - (n + 2)}ms (d|)`,
          { c: { type: 'created', video: queued(n) }, d: { type: 'completed', video: done(n) } },
        );
      }
      flush();
      expect(calls(rt)).toEqual(['0 create', '0 create', '0 create', '1002 list']);
    });
  });

  it('watchVideo keeps its contract: the first state is fetched at once', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, flush }) => {
      const done = vid(1, { status: 'completed', progress: 100 });
      const rt = pollerRuntime(
        routes(
          () => cold('#'),
          () => cold('#'),
          () => cold('--(r|)', { r: ok(done) }),
        ),
        s,
      );
      expectObservable(watchVideo(rt, 'video_1', fixed)).toBe('--(d|)', { d: done });
      flush();
      expect(calls(rt)).toEqual(['0 get video_1']);
    });
  });
});
