import { type Attributes, type Context, type Histogram, type Meter, trace } from '@opentelemetry/api';
import type { RequestPriority } from './types.js';

/** Histogram of the time requests waited for the client's budget (seconds). */
export const METRIC_RATE_LIMIT_WAIT = 'sora.client.rate_limit.wait';
/** Span event on the operation span when a request waited for (or was refused by) the budget. */
export const EVENT_RATE_LIMIT_WAIT = 'sora.rate_limit.wait';

const BUCKETS = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * Creates the `sora.client.rate_limit.wait` histogram (unit `s`); undefined if the meter throws.
 *
 * @example
 * ```ts
 * const histogram = createRateLimitWaitHistogram(metrics.getMeter('sora-rx'));
 * ```
 */
export function createRateLimitWaitHistogram(meter: Meter): Histogram | undefined {
  try {
    return meter.createHistogram(METRIC_RATE_LIMIT_WAIT, {
      unit: 's',
      description: 'Time requests waited for the client-side rate budget before being sent.',
      advice: { explicitBucketBoundaries: BUCKETS },
    });
  } catch {
    return undefined;
  }
}

/** One wait for the budget: granted after `waitedMs`, or refused (`client_rate_limited`). */
export interface RateLimitWait {
  readonly priority: RequestPriority;
  readonly waitedMs: number;
  readonly outcome: 'granted' | 'rejected';
  readonly operation: string;
}

/**
 * Records a wait: a histogram point always, and a span event on the operation span (the span in `parent`) when the
 * request waited at all or was refused. Never throws.
 *
 * @example
 * ```ts
 * recordRateLimitWait(histogram, scope.parentContext, { priority: 'low', waitedMs: 1200, outcome: 'granted', operation: 'watchVideo' });
 * ```
 */
export function recordRateLimitWait(histogram: Histogram | undefined, parent: Context, wait: RateLimitWait): void {
  try {
    const attributes: Attributes = {
      'sora.rate_limit.priority': wait.priority,
      'sora.rate_limit.outcome': wait.outcome,
      'sora.operation': wait.operation,
    };
    histogram?.record(wait.waitedMs / 1000, attributes);
    if (wait.waitedMs > 0 || wait.outcome === 'rejected') {
      trace
        .getSpan(parent)
        ?.addEvent(EVENT_RATE_LIMIT_WAIT, { ...attributes, 'sora.rate_limit.wait_ms': wait.waitedMs });
    }
  } catch {
    // telemetry never breaks a request
  }
}
