import { describe, expect, it } from 'vitest';
import { map, merge } from 'rxjs';
import { countingStore, governor, pendingAfter, record, testScheduler } from './helpers.js';

describe('rate governor (marble)', () => {
  it('grants the burst at once, then one permit per refill interval', () => {
    const s = testScheduler();
    s.run(({ expectObservable }) => {
      const g = governor(s, { requestsPerMinute: 60, burst: 2 });
      const grants = merge(...['a', 'b', 'c', 'd', 'e'].map((x) => g.acquire('high').pipe(map(() => x))));
      // 60/min = one per 1000 ms, burst 2: a and b at 0, then c, d, e a second apart.
      expectObservable(grants).toBe('(ab) 996ms c 999ms d 999ms (e|)');
    });
  });

  it('serves high (creates, downloads) before low (polls, lists), first come first served within each', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 60, burst: 1 });
      const log: Array<[number, string]> = [];
      record(s, log, 'H0', g.acquire('high'));
      record(s, log, 'L1', g.acquire('low'));
      record(s, log, 'L2', g.acquire('low'));
      record(s, log, 'H1', g.acquire('high'));
      record(s, log, 'H2', g.acquire('high'));
      flush();
      expect(log).toEqual([
        [0, 'H0'],
        [1000, 'H1'],
        [2000, 'H2'],
        [3000, 'L1'],
        [4000, 'L2'],
      ]);
    });
  });

  it('a high request that arrives while a poll waits goes first', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 60, burst: 1 });
      const log: Array<[number, string]> = [];
      record(s, log, 'H0', g.acquire('high'));
      record(s, log, 'L1', g.acquire('low'));
      s.schedule(() => record(s, log, 'H1', g.acquire('high')), 500);
      flush();
      expect(log).toEqual([
        [0, 'H0'],
        [1000, 'H1'],
        [2000, 'L1'],
      ]);
    });
  });

  it('polls leave the reserve to creates: with burst 5 and reserve 2, three polls go at once, a create still can', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 60, burst: 5, reserve: 2 });
      const log: Array<[number, string]> = [];
      for (const n of [1, 2, 3, 4]) record(s, log, `L${n}`, g.acquire('low'));
      s.schedule(() => record(s, log, 'H', g.acquire('high')), 10);
      flush();
      // tokens 5 → L1, L2, L3 (3 left, then 2 = the reserve); L4 waits for a third token; H takes a reserved one.
      expect(log).toEqual([
        [0, 'L1'],
        [0, 'L2'],
        [0, 'L3'],
        [10, 'H'],
        [2000, 'L4'],
      ]);
    });
  });

  it('a 429 pauses every caller sharing the budget until its Retry-After', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 600, burst: 10 });
      const log: Array<[number, string]> = [];
      g.acquire('high').subscribe((permit) => {
        log.push([s.now(), 'A']);
        s.schedule(() => g.settle(permit, { status: 429, retryAfterMs: 500 }), 10);
      });
      s.schedule(() => {
        record(s, log, 'B', g.acquire('high'));
        record(s, log, 'C', g.acquire('high'));
        record(s, log, 'D', g.acquire('low'));
      }, 20);
      flush();
      // Paused from 10 to 510; the bucket restarts empty at 10 and has refilled 5 tokens by 510.
      expect(log).toEqual([
        [0, 'A'],
        [510, 'B'],
        [510, 'C'],
        [510, 'D'],
      ]);
    });
  });

  it('a 429 also holds back a caller that was already waiting for a token', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 60, burst: 1 });
      const log: Array<[number, string]> = [];
      g.acquire('high').subscribe((permit) => {
        log.push([s.now(), 'A']);
        s.schedule(() => g.settle(permit, { status: 429, retryAfterMs: 3000 }), 100);
      });
      record(s, log, 'B', g.acquire('high')); // would get a token at 1000
      flush();
      expect(log).toEqual([
        [0, 'A'],
        [3100, 'B'],
      ]);
    });
  });

  it('learns the limit and the remaining count from x-ratelimit-* headers', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, {}); // no configured limit: unlimited until the server says otherwise
      const log: Array<[number, string]> = [];
      g.acquire('high').subscribe((permit) => {
        log.push([s.now(), 'A']);
        g.settle(permit, {
          status: 200,
          headers: {
            'x-ratelimit-limit-requests': '60',
            'x-ratelimit-remaining-requests': '0',
            'x-ratelimit-reset-requests': '1m0s',
          },
        });
      });
      record(s, log, 'B', g.acquire('high'));
      record(s, log, 'C', g.acquire('high'));
      flush();
      // limit 60/min = one per 1000 ms; remaining 0 empties the bucket at 0.
      expect(log).toEqual([
        [0, 'A'],
        [1000, 'B'],
        [2000, 'C'],
      ]);
    });
  });

  it('a remaining count below its own lowers the budget, minus the permits granted after that request', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 600, burst: 10 });
      const log: Array<[number, string]> = [];
      const permits: Parameters<typeof g.settle>[0][] = [];
      for (let i = 0; i < 3; i++) g.acquire('high').subscribe((p) => permits.push(p));
      // The server answered the first one with 3 left; two more were granted since: 1 left.
      g.settle(permits[0]!, { status: 200, headers: { 'x-ratelimit-remaining-requests': '3' } });
      record(s, log, 'D', g.acquire('high'));
      record(s, log, 'E', g.acquire('high'));
      flush();
      expect(log).toEqual([
        [0, 'D'],
        [100, 'E'],
      ]);
    });
  });

  it('maxWaitMs: a create that would wait longer fails at once with client_rate_limited; a poll waits', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 60, burst: 1, maxWaitMs: 1500 });
      const log: Array<[number, string]> = [];
      record(s, log, 'H1', g.acquire('high'));
      record(s, log, 'H2', g.acquire('high'));
      record(s, log, 'H3', g.acquire('high'));
      record(s, log, 'L1', g.acquire('low'));
      flush();
      expect(log).toEqual([
        [0, 'H1'],
        [0, 'H3!client_rate_limited'],
        [1000, 'H2'],
        [2000, 'L1'],
      ]);
    });
  });

  it('maxWaitMs: a 429 pause longer than it fails the waiting creates at once', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 600, burst: 10, maxWaitMs: 1000 });
      const log: Array<[number, string]> = [];
      g.acquire('high').subscribe((permit) =>
        s.schedule(() => g.settle(permit, { status: 429, retryAfterMs: 5000 }), 50),
      );
      s.schedule(() => {
        record(s, log, 'H', g.acquire('high'));
        record(s, log, 'L', g.acquire('low'));
      }, 60);
      flush();
      expect(log).toEqual([
        [60, 'H!client_rate_limited'],
        [5050, 'L'],
      ]);
    });
  });

  it('unsubscribing during a wait leaves the queue and no timer behind', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const store = countingStore();
      const g = governor(s, { requestsPerMinute: 60, burst: 1 }, store);
      const log: Array<[number, string]> = [];
      record(s, log, 'A', g.acquire('high'));
      const waiting = record(s, log, 'B', g.acquire('high'));
      let pending = -1;
      s.schedule(() => waiting.unsubscribe(), 300);
      s.schedule(() => (pending = pendingAfter(s, 301)), 301);
      flush();
      expect(log).toEqual([[0, 'A']]);
      expect(pending).toBe(0);
      expect(store.takes).toBe(2); // A's grant and B's refusal; nobody asked again after B left
    });
  });

  it('unsubscribing the head hands its turn to the next waiter', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 60, burst: 1 });
      const log: Array<[number, string]> = [];
      record(s, log, 'A', g.acquire('high'));
      const b = record(s, log, 'B', g.acquire('high'));
      record(s, log, 'C', g.acquire('high'));
      s.schedule(() => b.unsubscribe(), 500);
      flush();
      expect(log).toEqual([
        [0, 'A'],
        [1000, 'C'],
      ]);
    });
  });

  it('a day budget holds requests until the 24 h window ends', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 6000, burst: 100, requestsPerDay: 2 });
      const log: Array<[number, string]> = [];
      for (const x of ['a', 'b', 'c']) record(s, log, x, g.acquire('low'));
      flush();
      expect(log).toEqual([
        [0, 'a'],
        [0, 'b'],
        [86_400_000, 'c'],
      ]);
    });
  });

  it('maxWaitMs: a create that joins a sleeping queue fails at once when its place in line is too far back', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const g = governor(s, { requestsPerMinute: 60, burst: 1, maxWaitMs: 2500 });
      const log: Array<[number, string]> = [];
      for (const x of ['H1', 'H2', 'H3']) record(s, log, x, g.acquire('high'));
      s.schedule(() => record(s, log, 'H4', g.acquire('high')), 200); // would go at 3000: 2800 > 2500
      flush();
      expect(log).toEqual([
        [0, 'H1'],
        [200, 'H4!client_rate_limited'],
        [1000, 'H2'],
        [2000, 'H3'],
      ]);
    });
  });

  it('a store that throws fails the waiting request, and the governor keeps serving', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const inner = countingStore();
      let broken = true;
      const store = {
        ...inner,
        take: (request: Parameters<typeof inner.take>[0]) => {
          if (broken) {
            broken = false;
            throw new Error('store bug');
          }
          return inner.take(request);
        },
      };
      const g = governor(s, { requestsPerMinute: 60, burst: 1 }, store);
      const errors: string[] = [];
      const log: Array<[number, string]> = [];
      g.acquire('high').subscribe({ error: (e: Error) => errors.push(e.message) });
      record(s, log, 'B', g.acquire('high'));
      flush();
      expect(errors).toEqual(['store bug']);
      expect(log).toEqual([[0, 'B']]);
    });
  });
});
