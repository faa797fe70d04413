import { type MonoTypeOperatorFunction, type SchedulerLike, takeUntil } from 'rxjs';
import { deadline$ } from './deadline.js';

/**
 * Ends a watch with `TimeoutError` (code `watch_deadline_exceeded`) once `deadlineMs` of scheduler time has passed
 * since subscription (see {@link deadline$}: any length, `Infinity` never, up to 10 ms late).
 *
 * ```text
 * source:            -a----b-----
 * withDeadline(8):   -a----b-#
 * ```
 *
 * @example
 * ```ts
 * states$.pipe(withDeadline(600_000, scheduler));
 * ```
 */
export function withDeadline<T>(deadlineMs: number, scheduler: SchedulerLike): MonoTypeOperatorFunction<T> {
  if (deadlineMs === Number.POSITIVE_INFINITY) return (source) => source;
  return takeUntil(deadline$(deadlineMs, scheduler));
}
