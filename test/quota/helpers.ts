import { expect } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import type { Observable } from 'rxjs';
import { configureBudget } from '../../src/quota/budget.js';
import { type RateGovernor, createRateGovernor } from '../../src/quota/governor.js';
import { localRateLimitStore } from '../../src/quota/local-store.js';
import type { RateLimitOptions } from '../../src/quota/options.js';
import type { RateLimitStore } from '../../src/quota/types.js';

export const silentLogger = {
  fatal: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  child: () => silentLogger,
};

/** A TestScheduler whose assertions go through vitest's deep equality. */
export const testScheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A local store that counts its takes. */
export function countingStore(): RateLimitStore & { takes: number } {
  const inner = localRateLimitStore();
  const store = {
    takes: 0,
    take: (request: Parameters<RateLimitStore['take']>[0]) => {
      store.takes++;
      return inner.take(request);
    },
    pause: inner.pause,
    reportRemaining: inner.reportRemaining,
  };
  return store;
}

export function governor(
  scheduler: TestScheduler,
  options: RateLimitOptions,
  store: RateLimitStore = localRateLimitStore(),
): RateGovernor {
  return createRateGovernor({
    budget: configureBudget(options),
    store,
    scheduler,
    logger: silentLogger,
    maxPauseMs: 60_000,
  });
}

/** Subscribes and records `[time, label]` for each value and `[time, label!code]` (or `label!message`) for errors. */
export function record<T>(
  scheduler: TestScheduler,
  log: Array<[number, string]>,
  label: string,
  source: Observable<T>,
): { unsubscribe(): void } {
  return source.subscribe({
    next: () => log.push([scheduler.now(), label]),
    error: (e: { code?: string; message?: string }) => log.push([scheduler.now(), `${label}!${e.code ?? e.message}`]),
  });
}

/** Actions still scheduled after `frame` (a leaked timer shows up here). */
export function pendingAfter(scheduler: TestScheduler, frame: number): number {
  return scheduler.actions.filter((a) => (a as unknown as { delay: number }).delay > frame).length;
}

/** What a {@link scenario} script can do, on the run's virtual clock. */
export interface Scenario {
  readonly g: RateGovernor;
  readonly s: TestScheduler;
  /** Acquires a permit now, logging `[time, label]` when granted (or `label!code` on error). */
  take(label: string, priority: 'high' | 'low'): { unsubscribe(): void };
  /** Acquires now and, `afterMs` after the grant (0: at once, synchronously), settles the permit with `outcome`. */
  takeThenSettle(label: string, afterMs: number, outcome: Parameters<RateGovernor['settle']>[1]): void;
  /** Runs `fn` at virtual time `frame`. */
  at(frame: number, fn: () => void): void;
}

/** Runs `script` against a governor of `options` in one `TestScheduler.run` and returns the grant log. */
export function scenario(
  options: RateLimitOptions,
  script: (sc: Scenario) => void,
  store?: RateLimitStore,
): Array<[number, string]> {
  const s = testScheduler();
  const log: Array<[number, string]> = [];
  s.run(({ flush }) => {
    const g = governor(s, options, store);
    script({
      g,
      s,
      take: (label, priority) => record(s, log, label, g.acquire(priority)),
      takeThenSettle: (label, afterMs, outcome) =>
        g.acquire('high').subscribe((permit) => {
          log.push([s.now(), label]);
          if (afterMs === 0) g.settle(permit, outcome);
          else s.schedule(() => g.settle(permit, outcome), afterMs);
        }),
      at: (frame, fn) => s.schedule(fn, frame),
    });
    flush();
  });
  return log;
}
