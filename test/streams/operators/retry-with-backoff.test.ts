import { describe, expect, it } from 'vitest';
import { defer } from 'rxjs';
import type { Observable } from 'rxjs';
import { CancelledError, ConnectionError, TimeoutError, ValidationError } from '../../../src/errors/index.js';
import { retryWithBackoff } from '../../../src/streams/operators/index.js';
import type { GiveUpEvent, RetryEvent } from '../../../src/streams/operators/index.js';
import { config, httpError, named, testScheduler } from './helpers.js';

describe('retryWithBackoff: schedule (GET)', () => {
  it('waits the backoff ceiling with random() = 1: 100, 200, 400 ms, then errors', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const err = httpError(503);
      const src = cold('-#', undefined, err);
      expectObservable(src.pipe(retryWithBackoff(config()))).toBe('704ms #', undefined, err);
      expectSubscriptions(src.subscriptions).toBe(['^!', '101ms ^!', '302ms ^!', '703ms ^!']);
    }));

  it('applies full jitter: random() = 0.5 halves every delay', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('-#', undefined, httpError(500));
      expectObservable(src.pipe(retryWithBackoff(config({ random: () => 0.5 })))).toBe(
        '354ms #',
        undefined,
        named('InternalServerError'),
      );
      expectSubscriptions(src.subscriptions).toBe(['^!', '51ms ^!', '152ms ^!', '353ms ^!']);
    }));

  it('succeeds after transient failures', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const attempts = [
        cold('-#', undefined, httpError(502)),
        cold('-#', undefined, new ConnectionError('reset')),
        cold('--(a|)'),
      ];
      let n = 0;
      const src = defer(() => attempts[n++]!);
      expectObservable(src.pipe(retryWithBackoff(config()))).toBe('304ms (a|)');
    }));

  it('maxRetries 0 makes one attempt', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('-#', undefined, httpError(503));
      expectObservable(src.pipe(retryWithBackoff(config({ maxRetries: 0 })))).toBe(
        '-#',
        undefined,
        named('ServiceUnavailableError'),
      );
      expectSubscriptions(src.subscriptions).toBe(['^!']);
    }));

  it('stops when the next wait would end past maxElapsedMs, even with retries left', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('-#', undefined, httpError(503));
      // failures at 1 (+100 = 101), 102 (+200 = 302), 303 (+400 = 703 > 350: give up)
      const out = src.pipe(retryWithBackoff(config({ maxRetries: 10, maxElapsedMs: 350 })));
      expectObservable(out).toBe('303ms #', undefined, named('ServiceUnavailableError'));
      expectSubscriptions(src.subscriptions).toBe(['^!', '101ms ^!', '302ms ^!']);
    }));
});

describe('retryWithBackoff: what is not retried (GET)', () => {
  const cases: [string, unknown][] = [
    ['400', httpError(400)],
    ['401', httpError(401)],
    ['403', httpError(403)],
    ['404', httpError(404)],
    ['422', httpError(422)],
    ['418', httpError(418)],
    ['ValidationError', new ValidationError('prompt', 'must not be empty')],
    ['CancelledError', new CancelledError()],
    ['TypeError (a bug)', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ];
  it.each(cases)('%s: one subscription, error as is', (_label, error) =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('-#', undefined, error);
      expectObservable(src.pipe(retryWithBackoff(config()))).toBe('-#', undefined, error);
      expectSubscriptions(src.subscriptions).toBe(['^!']);
    }),
  );

  it.each([408, 409, 429, 500, 502, 503, 504])('%i is retried', (status) =>
    testScheduler().run(({ cold, expectSubscriptions, expectObservable }) => {
      const src = cold('-#', undefined, httpError(status));
      expectObservable(src.pipe(retryWithBackoff(config({ maxRetries: 1 })))).toBe(
        '102ms #',
        undefined,
        named(httpError(status).name),
      );
      expectSubscriptions(src.subscriptions).toBe(['^!', '101ms ^!']);
    }),
  );

  it('x-should-retry: true retries a 400; false stops a 503', () =>
    testScheduler().run(({ cold, expectSubscriptions }) => {
      const forced = cold('-#', undefined, httpError(400, { 'x-should-retry': 'true' }));
      const vetoed = cold('-#', undefined, httpError(503, { 'x-should-retry': 'false' }));
      forced.pipe(retryWithBackoff(config({ maxRetries: 1 }))).subscribe({ error: () => undefined });
      vetoed.pipe(retryWithBackoff(config({ maxRetries: 1 }))).subscribe({ error: () => undefined });
      expectSubscriptions(forced.subscriptions).toBe(['^!', '101ms ^!']);
      expectSubscriptions(vetoed.subscriptions).toBe(['^!']);
    }));
});

describe('retryWithBackoff: non-idempotent (POST)', () => {
  const post = (maxRetries = 2) => retryWithBackoff<string>(config({ idempotent: false, maxRetries }));

  it.each([
    ['429', httpError(429), '101ms ^!'],
    ['503 with Retry-After: 0', httpError(503, { 'retry-after': '0' }), '-^!'],
    ['503 with retry-after-ms', httpError(503, { 'retry-after-ms': '250' }), '251ms ^!'],
    ["ConnectionError('connect')", new ConnectionError('ECONNREFUSED', { phase: 'connect' }), '101ms ^!'],
    ['x-should-retry: true on a 500', httpError(500, { 'x-should-retry': 'true' }), '101ms ^!'],
  ])('%s is retried', (_label, error, second) =>
    testScheduler().run(({ cold, expectSubscriptions }) => {
      const src = cold('-#', undefined, error);
      src.pipe(post(1)).subscribe({ error: () => undefined });
      expectSubscriptions(src.subscriptions).toBe(['^!', second]);
    }),
  );

  it.each([
    ['500', httpError(500)],
    ['502', httpError(502)],
    ['503 without Retry-After', httpError(503)],
    ['408', httpError(408)],
    ['TimeoutError', new TimeoutError(30_000)],
    ["ConnectionError('transfer')", new ConnectionError('socket hang up', { phase: 'transfer' })],
  ])('%s -> AmbiguousRequestError keeping the cause, one subscription', (_label, error) =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('-#', undefined, error);
      expectObservable(src.pipe(post())).toBe(
        '-#',
        undefined,
        expect.objectContaining({ name: 'AmbiguousRequestError', code: 'ambiguous_request', cause: error }),
      );
      expectSubscriptions(src.subscriptions).toBe(['^!']);
    }),
  );

  it.each([
    ['400', httpError(400)],
    ['409', httpError(409)],
    ['TypeError', new TypeError('bug')],
  ])('%s stops as is', (_label, error) =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-#', undefined, error).pipe(post())).toBe('-#', undefined, error);
    }),
  );

  it('an ambiguous failure on the last allowed attempt is still reported as ambiguous', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const attempts = [cold('-#', undefined, httpError(429)), cold('-#', undefined, httpError(500))];
      let n = 0;
      const src: Observable<string> = defer(() => attempts[n++]!);
      expectObservable(src.pipe(post(1))).toBe('102ms #', undefined, named('AmbiguousRequestError'));
    }));
});

describe('retryWithBackoff: hooks', () => {
  it('calls onRetry with retryNumber, delay, error and elapsed time, and onGiveUp once', () => {
    const retries: RetryEvent[] = [];
    const giveUps: GiveUpEvent[] = [];
    const err = httpError(503);
    testScheduler().run(({ cold, expectObservable }) => {
      const out = cold('-#', undefined, err).pipe(
        retryWithBackoff(config({ maxRetries: 2, onRetry: (e) => retries.push(e), onGiveUp: (e) => giveUps.push(e) })),
      );
      expectObservable(out).toBe('303ms #', undefined, err);
    });
    expect(retries).toEqual([
      { retryNumber: 1, delayMs: 100, error: err, elapsedMs: 1, delaySource: 'backoff' },
      { retryNumber: 2, delayMs: 200, error: err, elapsedMs: 102, delaySource: 'backoff' },
    ]);
    expect(giveUps).toEqual([{ reason: 'retries-exhausted', attempts: 3, error: err, elapsedMs: 303 }]);
  });

  it('a throwing onRetry / onGiveUp does not break the stream', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const attempts = [cold('-#', undefined, httpError(503)), cold('-(a|)')];
      let n = 0;
      const boom = (): never => {
        throw new Error('hook failed');
      };
      const out = defer(() => attempts[n++]!).pipe(retryWithBackoff(config({ onRetry: boom, onGiveUp: boom })));
      expectObservable(out).toBe('102ms (a|)');
      expectObservable(cold('-#', undefined, httpError(400)).pipe(retryWithBackoff(config({ onGiveUp: boom })))).toBe(
        '-#',
        undefined,
        named('BadRequestError'),
      );
    }));
});
