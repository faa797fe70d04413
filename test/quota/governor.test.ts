import { describe, expect, it } from 'vitest';
import { map, merge } from 'rxjs';
import type { Permit } from '../../src/quota/permit.js';
import { countingStore, governor, pendingAfter, scenario, testScheduler } from './helpers.js';

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
    const log = scenario({ requestsPerMinute: 60, burst: 1 }, ({ take }) => {
      for (const [label, priority] of [
        ['H0', 'high'],
        ['L1', 'low'],
        ['L2', 'low'],
        ['H1', 'high'],
        ['H2', 'high'],
      ] as const) {
        take(label, priority);
      }
    });
    expect(log).toEqual([
      [0, 'H0'],
      [1000, 'H1'],
      [2000, 'H2'],
      [3000, 'L1'],
      [4000, 'L2'],
    ]);
  });

  it('a high request that arrives while a poll waits goes first', () => {
    const log = scenario({ requestsPerMinute: 60, burst: 1 }, ({ take, at }) => {
      take('H0', 'high');
      take('L1', 'low');
      at(500, () => take('H1', 'high'));
    });
    expect(log).toEqual([
      [0, 'H0'],
      [1000, 'H1'],
      [2000, 'L1'],
    ]);
  });

  it('polls leave the reserve to creates: with burst 5 and reserve 2, three polls go at once, a create still can', () => {
    const log = scenario({ requestsPerMinute: 60, burst: 5, reserve: 2 }, ({ take, at }) => {
      for (const n of [1, 2, 3, 4]) take(`L${n}`, 'low');
      at(10, () => take('H', 'high'));
    });
    // tokens 5 → L1, L2, L3 (2 left = the reserve); L4 waits for a third token; H takes a reserved one.
    expect(log).toEqual([
      [0, 'L1'],
      [0, 'L2'],
      [0, 'L3'],
      [10, 'H'],
      [2000, 'L4'],
    ]);
  });

  it('a 429 pauses every caller sharing the budget until its Retry-After', () => {
    const log = scenario({ requestsPerMinute: 600, burst: 10 }, ({ take, takeThenSettle, at }) => {
      takeThenSettle('A', 10, { status: 429, retryAfterMs: 500 });
      at(20, () => {
        take('B', 'high');
        take('C', 'high');
        take('D', 'low');
      });
    });
    // Paused from 10 to 510; the bucket restarts empty at 10 and has refilled 5 tokens by 510.
    expect(log).toEqual([
      [0, 'A'],
      [510, 'B'],
      [510, 'C'],
      [510, 'D'],
    ]);
  });

  it('a 429 also holds back a caller that was already waiting for a token', () => {
    const log = scenario({ requestsPerMinute: 60, burst: 1 }, ({ take, takeThenSettle }) => {
      takeThenSettle('A', 100, { status: 429, retryAfterMs: 3000 });
      take('B', 'high'); // would get a token at 1000
    });
    expect(log).toEqual([
      [0, 'A'],
      [3100, 'B'],
    ]);
  });

  it('learns the limit and the remaining count from x-ratelimit-* headers', () => {
    const headers = {
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1m0s',
    };
    // No configured limit: unlimited until the server says otherwise.
    const log = scenario({}, ({ take, takeThenSettle }) => {
      takeThenSettle('A', 0, { status: 200, headers });
      take('B', 'high');
      take('C', 'high');
    });
    // limit 60/min = one per 1000 ms; remaining 0 empties the bucket at 0.
    expect(log).toEqual([
      [0, 'A'],
      [1000, 'B'],
      [2000, 'C'],
    ]);
  });

  it('a remaining count below its own lowers the budget, minus the permits granted after that request', () => {
    const log = scenario({ requestsPerMinute: 600, burst: 10 }, ({ g, take }) => {
      const permits: Permit[] = [];
      for (let i = 0; i < 3; i++) g.acquire('high').subscribe((p) => permits.push(p));
      // The server answered the first one with 3 left; two more were granted since: 1 left.
      g.settle(permits[0]!, { status: 200, headers: { 'x-ratelimit-remaining-requests': '3' } });
      take('D', 'high');
      take('E', 'high');
    });
    expect(log).toEqual([
      [0, 'D'],
      [100, 'E'],
    ]);
  });

  it('maxWaitMs: a create that would wait longer fails at once with client_rate_limited; a poll waits', () => {
    const log = scenario({ requestsPerMinute: 60, burst: 1, maxWaitMs: 1500 }, ({ take }) => {
      take('H1', 'high');
      take('H2', 'high');
      take('H3', 'high');
      take('L1', 'low');
    });
    expect(log).toEqual([
      [0, 'H1'],
      [0, 'H3!client_rate_limited'],
      [1000, 'H2'],
      [2000, 'L1'],
    ]);
  });

  it('maxWaitMs: a 429 pause longer than it fails the waiting creates at once', () => {
    const log = scenario({ requestsPerMinute: 600, burst: 10, maxWaitMs: 1000 }, ({ take, takeThenSettle, at }) => {
      takeThenSettle('A', 50, { status: 429, retryAfterMs: 5000 });
      at(60, () => {
        take('H', 'high');
        take('L', 'low');
      });
    });
    expect(log).toEqual([
      [0, 'A'],
      [60, 'H!client_rate_limited'],
      [5050, 'L'],
    ]);
  });

  it('maxWaitMs: a create that joins a sleeping queue fails at once when its place in line is too far back', () => {
    const log = scenario({ requestsPerMinute: 60, burst: 1, maxWaitMs: 2500 }, ({ take, at }) => {
      for (const x of ['H1', 'H2', 'H3']) take(x, 'high');
      at(200, () => take('H4', 'high')); // would go at 3000: 2800 > 2500
    });
    expect(log).toEqual([
      [0, 'H1'],
      [200, 'H4!client_rate_limited'],
      [1000, 'H2'],
      [2000, 'H3'],
    ]);
  });

  it('unsubscribing during a wait leaves the queue and no timer behind', () => {
    const store = countingStore();
    let pending = -1;
    const log = scenario(
      { requestsPerMinute: 60, burst: 1 },
      ({ s, take, at }) => {
        take('A', 'high');
        const waiting = take('B', 'high');
        at(300, () => waiting.unsubscribe());
        at(301, () => (pending = pendingAfter(s, 301)));
      },
      store,
    );
    expect(log).toEqual([[0, 'A']]);
    expect(pending).toBe(0);
    expect(store.takes).toBe(2); // A's grant and B's refusal; nobody asked again after B left
  });

  it('unsubscribing the head hands its turn to the next waiter', () => {
    const log = scenario({ requestsPerMinute: 60, burst: 1 }, ({ take, at }) => {
      take('A', 'high');
      const b = take('B', 'high');
      take('C', 'high');
      at(500, () => b.unsubscribe());
    });
    expect(log).toEqual([
      [0, 'A'],
      [1000, 'C'],
    ]);
  });

  it('a day budget holds requests until the 24 h window ends', () => {
    const log = scenario({ requestsPerMinute: 6000, burst: 100, requestsPerDay: 2 }, ({ take }) => {
      for (const x of ['a', 'b', 'c']) take(x, 'low');
    });
    expect(log).toEqual([
      [0, 'a'],
      [0, 'b'],
      [86_400_000, 'c'],
    ]);
  });

  it('a store that throws fails the waiting request, and the governor keeps serving', () => {
    const inner = countingStore();
    let broken = true;
    const store = {
      ...inner,
      take: (request: Parameters<typeof inner.take>[0]) => {
        if (!broken) return inner.take(request);
        broken = false;
        throw new Error('store bug');
      },
    };
    const log = scenario(
      { requestsPerMinute: 60, burst: 1 },
      ({ take }) => {
        take('A', 'high');
        take('B', 'high');
      },
      store,
    );
    expect(log).toEqual([
      [0, 'A!store bug'],
      [0, 'B'],
    ]);
  });
});
