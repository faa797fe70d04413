import type { Histogram, Meter } from '@opentelemetry/api';
import { HTTP_DURATION_BUCKETS } from '../config/defaults.js';
import { METRIC_HTTP_CLIENT_REQUEST_DURATION } from './semconv.js';

/**
 * Creates the stable `http.client.request.duration` histogram (unit `s`, advisory buckets from the spec).
 * Returns undefined if the meter throws (telemetry never breaks the client).
 */
export function createRequestDurationHistogram(meter: Meter): Histogram | undefined {
  try {
    return meter.createHistogram(METRIC_HTTP_CLIENT_REQUEST_DURATION, {
      unit: 's',
      description: 'Duration of HTTP client requests.',
      advice: { explicitBucketBoundaries: [...HTTP_DURATION_BUCKETS] },
    });
  } catch {
    return undefined;
  }
}
