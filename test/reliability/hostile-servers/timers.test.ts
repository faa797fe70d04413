/**
 * Timer overflow: Node fires a timer longer than 2^31-1 ms at once (after 1 ms) and prints a
 * `TimeoutOverflowWarning`. A hostile `retry-after-ms` / `Retry-After`, or an unbounded backoff or timeout setting,
 * must never do that: every delay sora-rx schedules is clamped to 2^31-1 ms, so the call waits (here: until the
 * test unsubscribes) instead of hammering the server, and no warning is printed.
 */
import type { Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SoraClientOptions } from '../../../src/config/options.js';
import { backoffCeilingMs } from '../../../src/streams/operators/backoff.js';
import { serverDelayMs } from '../../../src/streams/operators/server-delay.js';
import { RateLimitError } from '../../../src/errors/index.js';
import { errorBody, json, startTestServer, type TestServer } from '../../helpers/loopback-server.js';
import { sleep } from '../helpers.js';
import { hostileClient } from './helpers.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

let server: TestServer;
let warnings: Error[];
const onWarning = (w: Error): void => void warnings.push(w);
beforeEach(async () => {
  server = await startTestServer();
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(async () => {
  process.off('warning', onWarning);
  await server.close();
});

/** Subscribes, waits `ms`, unsubscribes; returns how many requests the server saw and what the call did. */
async function runFor(options: SoraClientOptions, ms: number): Promise<{ requests: number; ended: boolean }> {
  const sora = hostileClient(server.baseURL, options);
  let ended = false;
  const sub: Subscription = sora.getVideoStatus('video_1').subscribe({
    error: () => (ended = true),
    complete: () => (ended = true),
  });
  await sleep(ms);
  sub.unsubscribe();
  sora.close();
  await sleep(5); // a warning is emitted on the next tick
  return { requests: server.requests.length, ended };
}

const overflow = (w: Error): boolean => w.name === 'TimeoutOverflowWarning';

describe('every timer is clamped to 2^31-1 ms', () => {
  it.each([
    ['retry-after-ms: 1e12', { 'retry-after-ms': '1000000000000' }],
    ['Retry-After: 1e10 seconds', { 'retry-after': '10000000000' }],
  ])('a 429 with %s waits instead of retrying at once, without a warning', async (_what, headers) => {
    server.handle((_req, res) => json(res, 429, errorBody('slow down', 'rate_limit_exceeded'), headers));
    const { requests, ended } = await runFor({ retry: { maxRetryAfterMs: Number.POSITIVE_INFINITY } }, 300);
    expect(warnings.filter(overflow)).toEqual([]);
    expect(requests).toBe(1);
    expect(ended).toBe(false); // still waiting (about 24.8 days) when the test unsubscribed
  });

  it('an unbounded backoff (maxDelayMs: Infinity) waits at most 2^31-1 ms, without a warning', async () => {
    server.handle((_req, res) => json(res, 500, errorBody('boom', 'server_error', 'server_error')));
    const retry = { initialDelayMs: 1e13, multiplier: 10, maxDelayMs: Number.POSITIVE_INFINITY };
    const { requests, ended } = await runFor({ retry }, 300);
    expect(warnings.filter(overflow)).toEqual([]);
    expect(requests).toBe(1);
    expect(ended).toBe(false);
  });

  it('a timeoutMs above 2^31-1 ms does not fire at once, without a warning', async () => {
    server.handle(() => undefined); // never answers
    const { requests, ended } = await runFor({ timeoutMs: 3e9 }, 300);
    expect(warnings.filter(overflow)).toEqual([]);
    expect(requests).toBe(1);
    expect(ended).toBe(false);
  });

  it('the delay helpers never return more than 2^31-1 ms', () => {
    const now = (): number => 0;
    const hinted = new RateLimitError('429', { status: 429, headers: {}, retryAfterMs: 1e15 });
    expect(serverDelayMs(hinted, now)).toBe(MAX_TIMER_MS);
    expect(serverDelayMs(new RateLimitError('429', { status: 429, headers: { 'retry-after': '1e9' } }), now)).toBe(
      undefined, // not a number of seconds: ignored as malformed
    );
    expect(serverDelayMs(new RateLimitError('429', { status: 429, headers: { 'retry-after': '99999999' } }), now)).toBe(
      MAX_TIMER_MS,
    );
    expect(backoffCeilingMs(60, { initialDelayMs: 500, multiplier: 2, maxDelayMs: Number.POSITIVE_INFINITY })).toBe(
      MAX_TIMER_MS,
    );
  });
});
