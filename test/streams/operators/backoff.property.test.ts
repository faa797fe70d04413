import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defer, mergeMap, throwError, timer } from 'rxjs';
import { ConnectionError, TimeoutError } from '../../../src/errors/index.js';
import { backoffCeilingMs, computeBackoffMs, retryWithBackoff } from '../../../src/streams/operators/index.js';
import { config, httpError, testScheduler } from './helpers.js';

const backoffOptions = fc.record({
  initialDelayMs: fc.integer({ min: 0, max: 10_000 }),
  multiplier: fc.double({ min: 1, max: 4, noNaN: true }),
  maxDelayMs: fc.integer({ min: 0, max: 100_000 }),
});

const failure = fc.constantFrom(
  () => httpError(503),
  () => httpError(500),
  () => httpError(429, { 'retry-after': '1' }),
  () => httpError(503, { 'retry-after-ms': '30' }),
  () => httpError(400),
  () => new TimeoutError(10),
  () => new ConnectionError('reset', { phase: 'transfer' }),
  () => new ConnectionError('refused', { phase: 'connect' }),
);

describe('backoff properties', () => {
  it('the ceiling is monotone non-decreasing and never above maxDelayMs', () => {
    fc.assert(
      fc.property(backoffOptions, fc.integer({ min: 1, max: 60 }), (opts, n) => {
        const a = backoffCeilingMs(n, opts);
        const b = backoffCeilingMs(n + 1, opts);
        expect(a).toBeLessThanOrEqual(b);
        expect(b).toBeLessThanOrEqual(opts.maxDelayMs);
        expect(a).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('jitter stays within [0, ceiling]', () => {
    fc.assert(
      fc.property(
        backoffOptions,
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (opts, n, r) => {
          const d = computeBackoffMs(n, opts, () => r);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(backoffCeilingMs(n, opts));
        },
      ),
    );
  });

  it('retryWithBackoff never starts an attempt past maxElapsedMs and makes at most maxRetries + 1 attempts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ durationMs: fc.integer({ min: 0, max: 300 }), error: failure }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (script, maxRetries, maxElapsedMs, idempotent, r) => {
          const starts: number[] = [];
          const ts = testScheduler();
          ts.run(() => {
            const attempt = defer(() => {
              const step = script[Math.min(starts.length, script.length - 1)]!;
              starts.push(ts.now());
              return timer(step.durationMs).pipe(mergeMap(() => throwError(() => step.error)));
            });
            attempt
              .pipe(retryWithBackoff(config({ maxRetries, maxElapsedMs, idempotent, random: () => r, multiplier: 3 })))
              .subscribe({ error: () => undefined });
          });
          expect(starts.length).toBeGreaterThanOrEqual(1);
          expect(starts.length).toBeLessThanOrEqual(maxRetries + 1);
          for (const start of starts) expect(start).toBeLessThanOrEqual(maxElapsedMs);
        },
      ),
      { numRuns: 300 },
    );
  });
});
