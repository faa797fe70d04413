import { type Counter, type Histogram, type Meter, metrics } from '@opentelemetry/api';
import { INSTRUMENTATION_NAME } from '../../telemetry/semconv.js';
import { SDK_VERSION } from '../../util/version.js';

/** Histogram of how many watched ids one list request covered. */
export const METRIC_POLL_LIST_IDS = 'sora.poller.list.ids';
/** Counter of status requests not sent thanks to list reads (ids covered minus list requests). */
export const METRIC_POLL_REQUESTS_SAVED = 'sora.poller.requests.saved';

/** The shared poller's instruments (either may be absent if the meter throws: telemetry never breaks polling). */
export interface PollerMetrics {
  readonly idsPerList: Histogram | undefined;
  readonly requestsSaved: Counter | undefined;
}

const cache = new WeakMap<Meter, PollerMetrics>();

/**
 * The poller's instruments on `meter` (the global `sora-rx` meter when absent), created once per meter.
 *
 * @example
 * ```ts
 * pollerMetrics(runtime.meter).idsPerList?.record(42);
 * ```
 */
export function pollerMetrics(meter: Meter | undefined): PollerMetrics {
  const m = meter ?? metrics.getMeter(INSTRUMENTATION_NAME, SDK_VERSION);
  let instruments = cache.get(m);
  if (instruments === undefined) {
    instruments = { idsPerList: attempt(() => idsHistogram(m)), requestsSaved: attempt(() => savedCounter(m)) };
    cache.set(m, instruments);
  }
  return instruments;
}

function idsHistogram(m: Meter): Histogram {
  return m.createHistogram(METRIC_POLL_LIST_IDS, {
    unit: '{id}',
    description: 'Watched video ids whose status one list request of the shared poller covered.',
    advice: { explicitBucketBoundaries: [0, 1, 2, 5, 10, 25, 50, 75, 100] },
  });
}

function savedCounter(m: Meter): Counter {
  return m.createCounter(METRIC_POLL_REQUESTS_SAVED, {
    unit: '{request}',
    description: 'Status requests the shared poller did not send because list pages covered those ids.',
  });
}

function attempt<T>(make: () => T): T | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}
