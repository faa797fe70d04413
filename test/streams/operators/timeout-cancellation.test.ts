import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { defer, identity, NEVER, of } from 'rxjs';
import { retryWithBackoff, withCancellation, withTimeout } from '../../../src/streams/operators/index.js';
import { config, httpError, named, testScheduler } from './helpers.js';

describe('withTimeout', () => {
  it('errors with a typed TimeoutError(timeoutMs) and unsubscribes the source', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('50ms (a|)');
      const out = src.pipe(withTimeout(10));
      expectObservable(out).toBe(
        '10ms #',
        undefined,
        expect.objectContaining({ name: 'TimeoutError', timeoutMs: 10, reason: 'timeout' }),
      );
      expectSubscriptions(src.subscriptions).toBe('^ 9ms !');
    }));

  it('limits only the first value', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('5ms a 50ms b|').pipe(withTimeout(10))).toBe('5ms a 50ms b|');
    }));

  it.each([0, -1, Infinity, NaN])('%d means no timeout', (ms) => {
    expect(withTimeout(ms)).toBe(identity);
  });

  it('inside retry it limits each attempt, and a TimeoutError is retried for GET', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('50ms (a|)');
      const out = src.pipe(withTimeout(10), retryWithBackoff(config({ maxRetries: 2 })));
      // attempts at 0, 110 (10 + 100), 320 (120 + 200); each cut at 10 ms
      expectObservable(out).toBe('330ms #', undefined, named('TimeoutError'));
      expectSubscriptions(src.subscriptions).toBe(['^ 9ms !', '110ms ^ 9ms !', '320ms ^ 9ms !']);
    }));

  it('a slow first attempt times out and the fast second one succeeds', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const attempts = [cold('50ms (a|)'), cold('5ms (b|)')];
      let n = 0;
      const out = defer(() => attempts[n++]!).pipe(withTimeout(10), retryWithBackoff(config()));
      expectObservable(out).toBe('115ms (b|)');
    }));
});

describe('withCancellation', () => {
  it('cancel$ during the backoff wait completes, with no further attempt', () =>
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const src = cold('-#', undefined, httpError(503));
      const cancel$ = hot('50ms x');
      expectObservable(src.pipe(retryWithBackoff(config()), withCancellation({ cancel$ }))).toBe('50ms |');
      expectSubscriptions(src.subscriptions).toBe(['^!']);
    }));

  it('cancel$ during an attempt unsubscribes the source (aborting the request)', () =>
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const src = cold('50ms (a|)');
      expectObservable(src.pipe(withCancellation({ cancel$: hot('20ms x') }))).toBe('20ms |');
      expectSubscriptions(src.subscriptions).toBe('^ 19ms !');
    }));

  it('an AbortSignal aborted during the backoff wait errors with CancelledError; no further attempt', () => {
    const ac = new AbortController();
    const ts = testScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('-#', undefined, httpError(503));
      ts.schedule(() => ac.abort(), 50);
      const out = src.pipe(retryWithBackoff(config()), withCancellation({ signal: ac.signal }));
      expectObservable(out).toBe(
        '50ms #',
        undefined,
        expect.objectContaining({ name: 'CancelledError', code: 'cancelled' }),
      );
      expectSubscriptions(src.subscriptions).toBe(['^!']);
    });
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('an already-aborted signal errors at once without subscribing the source', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('-a|');
      expectObservable(src.pipe(withCancellation({ signal: AbortSignal.abort() }))).toBe(
        '#',
        undefined,
        named('CancelledError'),
      );
      expectSubscriptions(src.subscriptions).toBe([]);
    }));

  it('removes the abort listener on complete, error and unsubscribe', () => {
    const ac = new AbortController();
    const count = (): number => getEventListeners(ac.signal, 'abort').length;
    of(1)
      .pipe(withCancellation({ signal: ac.signal }))
      .subscribe();
    expect(count()).toBe(0);
    defer(() => Promise.reject(new Error('x')))
      .pipe(withCancellation({ signal: ac.signal }))
      .subscribe({ error: () => undefined });
    const live = NEVER.pipe(withCancellation({ signal: ac.signal })).subscribe();
    expect(count()).toBeGreaterThanOrEqual(1);
    live.unsubscribe();
    return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => expect(count()).toBe(0));
  });

  it("keeps the reason's message, redacted, and the reason as cause", () => {
    const reason = new Error('user left, key sk-test-SECRET123456');
    let caught: unknown;
    NEVER.pipe(withCancellation({ signal: AbortSignal.abort(reason) })).subscribe({
      error: (e: unknown) => (caught = e),
    });
    expect(caught).toMatchObject({
      name: 'CancelledError',
      message: 'Request was cancelled: user left, key [REDACTED]',
    });
    expect((caught as Error).cause).toBe(reason);
    expect(JSON.stringify(caught)).not.toContain('SECRET123456');
  });

  it('without options it changes nothing', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a|').pipe(withCancellation({}))).toBe('-a|');
    }));
});
