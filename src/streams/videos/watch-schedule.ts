import { ValidationError } from '../../errors/validation-error.js';
import type { PollScheduleOptions } from '../operators/poll-schedule.js';
import type { WatchScheduleOptions } from './types.js';

/**
 * Defaults of the watch schedule and bounds, in ms: a watch gives up after `deadlineMs` (1 h) and after
 * `maxConsecutiveFailures` (10) polls in a row that failed even after the pipeline's retries.
 */
export const WATCH_DEFAULTS = Object.freeze({
  intervalMs: 2000,
  minIntervalMs: 1000,
  maxIntervalMs: 20_000,
  deadlineMs: 3_600_000,
  maxConsecutiveFailures: 10,
});

/** A validated schedule: every field set (`deadlineMs` and `maxConsecutiveFailures` may be `Infinity`). */
export interface ResolvedSchedule extends Required<Omit<PollScheduleOptions, 'etaFraction'>> {
  deadlineMs: number;
  maxConsecutiveFailures: number;
}

/**
 * Validates and completes the polling options of `watchVideo`. `minIntervalMs` defaults to
 * `min(1000, intervalMs)`, `maxIntervalMs` to `max(20000, intervalMs)`, `deadlineMs` to 1 h (`Infinity` opts
 * out), `maxConsecutiveFailures` to 10 (`Infinity` opts out).
 *
 * @example
 * ```ts
 * resolveSchedule({ intervalMs: 500 }); // { intervalMs: 500, minIntervalMs: 500, maxIntervalMs: 20000, ... }
 * ```
 */
export function resolveSchedule(options: WatchScheduleOptions | undefined): ResolvedSchedule {
  const o = options ?? {};
  const intervalMs = nonNegative(o.intervalMs, 'intervalMs') ?? WATCH_DEFAULTS.intervalMs;
  const minIntervalMs =
    nonNegative(o.minIntervalMs, 'minIntervalMs') ?? Math.min(WATCH_DEFAULTS.minIntervalMs, intervalMs);
  const maxIntervalMs =
    nonNegative(o.maxIntervalMs, 'maxIntervalMs') ?? Math.max(WATCH_DEFAULTS.maxIntervalMs, intervalMs);
  if (maxIntervalMs < minIntervalMs) throw new ValidationError('maxIntervalMs', 'must be at least minIntervalMs');
  const slowdownFactor = o.slowdownFactor ?? 1.5;
  if (!Number.isFinite(slowdownFactor) || slowdownFactor < 1) {
    throw new ValidationError('slowdownFactor', 'must be a number >= 1');
  }
  const deadlineMs = o.deadlineMs ?? WATCH_DEFAULTS.deadlineMs;
  if (typeof deadlineMs !== 'number' || Number.isNaN(deadlineMs) || deadlineMs <= 0) {
    throw new ValidationError('deadlineMs', 'must be a positive number (Infinity for none)');
  }
  const maxConsecutiveFailures = o.maxConsecutiveFailures ?? WATCH_DEFAULTS.maxConsecutiveFailures;
  if (
    typeof maxConsecutiveFailures !== 'number' ||
    !(maxConsecutiveFailures >= 1) ||
    (Number.isFinite(maxConsecutiveFailures) && !Number.isInteger(maxConsecutiveFailures))
  ) {
    throw new ValidationError('maxConsecutiveFailures', 'must be an integer >= 1 (Infinity for none)');
  }
  return { intervalMs, minIntervalMs, maxIntervalMs, slowdownFactor, deadlineMs, maxConsecutiveFailures };
}

function nonNegative(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(field, 'must be a finite number >= 0');
  }
  return value;
}
