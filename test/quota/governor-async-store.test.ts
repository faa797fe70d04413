import { describe, expect, it } from 'vitest';
import { localRateLimitStore } from '../../src/quota/local-store.js';
import type { RateLimitStore } from '../../src/quota/types.js';
import { governor, testScheduler } from './helpers.js';

/** The local store answering through promises, as a shared store (Redis) does. */
function asyncStore(): RateLimitStore & { calls: number } {
  const inner = localRateLimitStore();
  const store = {
    calls: 0,
    take: (request: Parameters<RateLimitStore['take']>[0]) => {
      store.calls++;
      return Promise.resolve(inner.take(request));
    },
    pause: (request: Parameters<RateLimitStore['pause']>[0]) => Promise.resolve(inner.pause(request)),
    reportRemaining: (report: Parameters<RateLimitStore['reportRemaining']>[0]) =>
      Promise.resolve(inner.reportRemaining(report)),
  };
  return store;
}

const ticks = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('rate governor over a store that answers with promises', () => {
  it('asks one take at a time, grants in order, and sleeps on a refusal', async () => {
    const s = testScheduler();
    s.maxFrames = Infinity; // outside run(), a TestScheduler stops at 750 frames
    const store = asyncStore();
    const g = governor(s, { requestsPerMinute: 60, burst: 1 }, store);
    const log: Array<[number, string]> = [];
    for (const x of ['a', 'b']) g.acquire('high').subscribe(() => log.push([s.now(), x]));
    expect(store.calls).toBe(1); // one question in flight, whatever the queue
    await ticks();
    expect(log).toEqual([[0, 'a']]);
    s.flush(); // b's refusal put the queue to sleep until the next token
    await ticks();
    expect(log).toEqual([
      [0, 'a'],
      [1000, 'b'],
    ]);
  });

  it('a rejecting store fails the head only; a stored pause wakes a sleeping queue to ask again', async () => {
    const s = testScheduler();
    const store = asyncStore();
    let reject = true;
    const take = store.take;
    store.take = (request) => {
      if (reject) {
        reject = false;
        return Promise.reject(new Error('store down'));
      }
      return take(request);
    };
    const g = governor(s, { requestsPerMinute: 60, burst: 1, maxWaitMs: 2000 }, store);
    const log: string[] = [];
    g.acquire('high').subscribe({ error: (e: Error) => log.push(`a!${e.message}`) });
    g.acquire('high').subscribe((p) => {
      log.push('b');
      g.settle(p, { status: 429, retryAfterMs: 5000 });
    });
    g.acquire('high').subscribe({
      next: () => log.push('c'),
      error: (e: { code?: string }) => log.push(`c!${e.code}`),
    });
    await ticks();
    await ticks();
    // b got the token; c's refusal, then the pause b's 429 stored, make c's wait 5000 > 2000: it fails at once.
    expect(log).toEqual(['a!store down', 'b', 'c!client_rate_limited']);
  });
});
