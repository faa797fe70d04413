import { ValidationError } from '../../errors/validation-error.js';
import type { PollScheduleOptions } from '../operators/poll-schedule.js';
import type { WatchScheduleOptions } from './types.js';

/** Defaults of the watch schedule, in ms. */
export const WATCH_DEFAULTS = Object.freeze({ intervalMs: 2000, minIntervalMs: 1000, maxIntervalMs: 20_000 });

/** A validated schedule: every field set (`deadlineMs` may be `Infinity`). */
export interface ResolvedSchedule extends Required<PollScheduleOptions> {
  deadlineMs: number;
}

/**
 * Validates and completes the polling options of `watchVideo`. `minIntervalMs` defaults to
 * `min(1000, intervalMs)`, `maxIntervalMs` to `max(20000, intervalMs)`, `deadlineMs` to `Infinity`.
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
  const deadlineMs = o.deadlineMs ?? Number.POSITIVE_INFINITY;
  if (typeof deadlineMs !== 'number' || Number.isNaN(deadlineMs) || deadlineMs <= 0) {
    throw new ValidationError('deadlineMs', 'must be a positive number');
  }
  return { intervalMs, minIntervalMs, maxIntervalMs, slowdownFactor, deadlineMs };
}

function nonNegative(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(field, 'must be a finite number >= 0');
  }
  return value;
}
