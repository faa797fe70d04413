import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../../src/errors/index.js';
import { retryWithBackoff, serverDelayMs } from '../../../src/streams/operators/index.js';
import type { GiveUpEvent, RetryEvent } from '../../../src/streams/operators/index.js';
import { config, httpError, named, testScheduler } from './helpers.js';

/** Runs one failing source through the operator (random() = 0.5, so jitter would show); returns the hook events. */
function secondAttempt(
  headers: Record<string, string>,
  status = 503,
  overrides = {},
): { events: RetryEvent[]; giveUps: GiveUpEvent[] } {
  const events: RetryEvent[] = [];
  const giveUps: GiveUpEvent[] = [];
  testScheduler().run(({ cold }) => {
    cold('-#', undefined, httpError(status, headers))
      .pipe(
        retryWithBackoff(
          config({
            maxRetries: 1,
            random: () => 0.5,
            onRetry: (e) => events.push(e),
            onGiveUp: (e) => giveUps.push(e),
            ...overrides,
          }),
        ),
      )
      .subscribe({ error: () => undefined });
  });
  return { events, giveUps };
}

describe('retryWithBackoff: server-given delays', () => {
  it('Retry-After: 1 waits exactly 1000 ms, without jitter', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('-#', undefined, httpError(503, { 'retry-after': '1' }));
      const out = src.pipe(retryWithBackoff(config({ maxRetries: 1, random: () => 0.5 })));
      expectObservable(out).toBe('1002ms #', undefined, named('ServiceUnavailableError'));
      expectSubscriptions(src.subscriptions).toBe(['^!', '1001ms ^!']);
    }));

  it('retry-after-ms wins over Retry-After', () => {
    const { events } = secondAttempt({ 'retry-after-ms': '250', 'retry-after': '9' });
    expect(events).toMatchObject([{ retryNumber: 1, delayMs: 250, delaySource: 'server' }]);
  });

  it('an HTTP-date Retry-After is relative to the virtual now (scheduler.now())', () =>
    testScheduler().run(({ cold, expectSubscriptions }) => {
      // virtual time starts at the epoch; the failure happens at 1 ms, so the wait is 2999 ms
      const src = cold('-#', undefined, httpError(429, { 'retry-after': 'Thu, 01 Jan 1970 00:00:03 GMT' }));
      src.pipe(retryWithBackoff(config({ maxRetries: 1 }))).subscribe({ error: () => undefined });
      expectSubscriptions(src.subscriptions).toBe(['^!', '3000ms ^!']);
    }));

  it('a Retry-After over maxRetryAfterMs gives up at once with the error as is', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const err = httpError(429, { 'retry-after': '120' });
      const src = cold('-#', undefined, err);
      expectObservable(src.pipe(retryWithBackoff(config({ maxRetryAfterMs: 60_000 })))).toBe('-#', undefined, err);
      expectSubscriptions(src.subscriptions).toBe(['^!']);
      expect(secondAttempt({ 'retry-after': '120' }).giveUps).toMatchObject([
        { reason: 'retry-after-too-long', attempts: 1 },
      ]);
    }));

  it.each(['soon', '-1', '1.5.3', ''])('a malformed Retry-After %j falls back to the computed backoff', (value) => {
    const { events } = secondAttempt({ 'retry-after': value });
    expect(events).toMatchObject([{ retryNumber: 1, delayMs: 50, delaySource: 'backoff' }]);
  });

  it('a server delay that would end past maxElapsedMs is not waited for', () => {
    const { events, giveUps } = secondAttempt({ 'retry-after': '5' }, 503, { maxElapsedMs: 4000 });
    expect(events).toEqual([]);
    expect(giveUps).toMatchObject([{ reason: 'budget-exhausted' }]);
  });

  it('serverDelayMs falls back to RateLimitError.retryAfterMs when there are no headers', () => {
    const err = new RateLimitError('429 slow down', { status: 429, retryAfterMs: 700 });
    expect(serverDelayMs(err, () => 0)).toBe(700);
    expect(serverDelayMs(new Error('x'), () => 0)).toBeUndefined();
    expect(serverDelayMs(httpError(429, { 'retry-after-ms': 'abc', 'retry-after': '2' }), () => 0)).toBe(2000);
  });
});
