import { NEVER, type Observable, type SchedulerLike, switchMap, timer } from 'rxjs';
import { MAX_TIMER_MS } from '../../config/defaults.js';

/**
 * A delay made safe for a timer: `NaN` and negatives become 0, anything above {@link MAX_TIMER_MS} becomes it.
 *
 * @example
 * ```ts
 * clampDelayMs(-5); // 0
 * clampDelayMs(2 ** 40); // 2147483647
 * ```
 */
export function clampDelayMs(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(MAX_TIMER_MS, ms);
}

/**
 * `timer(ms, scheduler)` for any `ms`: a delay above {@link MAX_TIMER_MS} is waited in segments (so a 30-day
 * deadline fires after 30 days, not at once), `Infinity` never fires.
 *
 * ```text
 * boundedTimer(3):           ---(0|)
 * boundedTimer(Infinity):    --------…
 * ```
 *
 * @example
 * ```ts
 * boundedTimer(40 * 86_400_000, asyncScheduler).subscribe(() => console.log('40 days later'));
 * ```
 */
export function boundedTimer(ms: number, scheduler: SchedulerLike): Observable<0> {
  if (ms === Number.POSITIVE_INFINITY) return NEVER;
  if (ms <= MAX_TIMER_MS) return timer(clampDelayMs(ms), scheduler);
  return timer(MAX_TIMER_MS, scheduler).pipe(switchMap(() => boundedTimer(ms - MAX_TIMER_MS, scheduler)));
}
