import { Subscription } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { VideoCreateError } from '../streams/videos/types.js';
import type { MockVideoStore } from './mock-store.js';

/**
 * Moves every new job along on the scheduler: queued → in_progress (each `progressSteps`) → completed/failed.
 *
 * @example
 * ```ts
 * const auto: AutoAdvanceOptions = { autoComplete: true, stepMs: 500, progressSteps: [25, 75] };
 * ```
 */
export interface AutoAdvanceOptions {
  /** End the job with `completed` (else it stays `in_progress` after the last step). @default true */
  autoComplete?: boolean;
  /** End the job with `failed` and this error instead of completing. */
  failWith?: VideoCreateError;
  /** Time between two steps, in ms of scheduler time. @default 1000 */
  stepMs?: number;
  /** Progress values of the `in_progress` steps. @default [50] */
  progressSteps?: readonly number[];
}

/**
 * Schedules the steps of {@link AutoAdvanceOptions} for the job `id`. A step does nothing once the job is gone or
 * terminal (e.g. moved by `setStatus`). Unsubscribe the result to stop.
 *
 * @example
 * ```ts
 * const steps = scheduleAutoAdvance(store, video.id, { autoComplete: true, stepMs: 100 }, testScheduler);
 * ```
 */
export function scheduleAutoAdvance(
  store: MockVideoStore,
  id: string,
  options: AutoAdvanceOptions,
  scheduler: SchedulerLike,
): Subscription {
  const stepMs = options.stepMs ?? 1000;
  const steps: Array<() => void> = (options.progressSteps ?? [50]).map(
    (p) => () => void store.setStatus(id, 'in_progress', p),
  );
  if (options.failWith) steps.push(() => void store.setStatus(id, 'failed', undefined, options.failWith));
  else if (options.autoComplete ?? true) steps.push(() => void store.setStatus(id, 'completed'));
  const all = new Subscription();
  steps.forEach((step, i) => {
    all.add(
      scheduler.schedule(
        () => {
          const video = store.all().find((v) => v.id === id);
          if (video && video.status !== 'completed' && video.status !== 'failed') step();
        },
        stepMs * (i + 1),
      ),
    );
  });
  return all;
}
