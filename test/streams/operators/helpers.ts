import { expect } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import { errorFromResponse } from '../../../src/errors/index.js';
import type { SoraError } from '../../../src/errors/index.js';
import type { RetryWithBackoffConfig } from '../../../src/streams/operators/index.js';

/** A TestScheduler whose assertions go through vitest's deep equality. */
export const testScheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** Matches an error by name (RxJS and sora-rx errors carry own stacks; compare by shape). */
export const named = (name: string): unknown => expect.objectContaining({ name });

/** A typed HTTP error, as the pipeline builds it from a response. */
export function httpError(status: number, headers: Record<string, string> = {}): SoraError {
  return errorFromResponse({
    status,
    headers,
    data: { error: { message: `boom ${status}`, type: 'server_error', param: null, code: null } },
  });
}

/** Retry config with deterministic jitter (`random: () => 1` gives the ceiling: 100, 200, 400, 800, 1000...). */
export const config = (overrides: Partial<RetryWithBackoffConfig> = {}): RetryWithBackoffConfig => ({
  maxRetries: 3,
  initialDelayMs: 100,
  multiplier: 2,
  maxDelayMs: 1000,
  maxRetryAfterMs: 60_000,
  maxElapsedMs: Infinity,
  idempotent: true,
  random: () => 1,
  ...overrides,
});
