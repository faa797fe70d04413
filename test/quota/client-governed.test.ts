import { describe, expect, it } from 'vitest';
import type { Observable } from 'rxjs';
import { createSoraClient } from '../../src/client.js';
import { RateLimitError } from '../../src/errors/index.js';
import type { RateLimitOptions } from '../../src/quota/options.js';
import { createFakeTransport, type FakeRoute, videoFixture } from '../../src/testing/index.js';
import type { HttpRequest, HttpResponse, Transport } from '../../src/transport/types.js';
import { setupMetrics, setupTracing } from '../helpers/otel.js';
import { testScheduler } from './helpers.js';

type Scheduler = ReturnType<typeof testScheduler>;

/** A fake transport that also records when (scheduler time) each request was sent. */
function timedTransport(s: Scheduler, routes: FakeRoute[], latencyMs = 10) {
  const fake = createFakeTransport(routes, { scheduler: s, latencyMs });
  const sent: Array<[number, string, number]> = [];
  const transport: Transport = (request: HttpRequest): Observable<HttpResponse> => {
    sent.push([s.now(), `${request.method} ${request.path}`, request.resendCount ?? 0]);
    return fake(request);
  };
  return { transport, sent, fake };
}

function client(s: Scheduler, transport: Transport, rateLimit: RateLimitOptions, extra: object = {}) {
  return createSoraClient({
    transport,
    scheduler: s,
    apiKey: 'test',
    logLevel: 'silent',
    random: () => 1,
    rateLimit,
    ...extra,
  });
}

const ok = (id: string): FakeRoute => ({
  method: 'GET',
  path: `/videos/${id}`,
  reply: { body: videoFixture({ id }) },
  times: 10,
});

describe('rateLimit in the client pipeline', () => {
  it('the wait for the budget happens before the per-attempt timeout starts', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const { transport, sent } = timedTransport(s, [ok('video_1')], 50);
      const sora = client(s, transport, { requestsPerMinute: 60, burst: 1 }, { timeoutMs: 100 });
      const done: Array<[number, string]> = [];
      for (let i = 0; i < 2; i++) {
        sora.getVideoStatus('video_1').subscribe({
          next: (v) => done.push([s.now(), v.id]),
          error: (e: Error) => done.push([s.now(), e.name]),
        });
      }
      flush();
      expect(sent.map(([t]) => t)).toEqual([0, 1000]);
      expect(done).toEqual([
        [50, 'video_1'],
        [1050, 'video_1'],
      ]);
    });
  });

  it('a 429 pauses every request until its Retry-After; the retry draws a permit like any attempt', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const { transport, sent } = timedTransport(s, [
        { method: 'GET', path: '/videos/video_1', reply: { status: 429, headers: { 'retry-after-ms': '500' } } },
        ok('video_1'),
        ok('video_2'),
      ]);
      const sora = client(s, transport, { requestsPerMinute: 600, burst: 10 });
      sora.getVideoStatus('video_1').subscribe();
      s.schedule(() => sora.getVideoStatus('video_2').subscribe(), 100);
      flush();
      // video_2 queued at 100 and the retry at 510 (after the server's 500 ms): both go when the pause ends.
      expect(sent).toEqual([
        [0, 'GET /videos/video_1', 0],
        [510, 'GET /videos/video_2', 0],
        [510, 'GET /videos/video_1', 1],
      ]);
    });
  });

  it('maxWaitMs: a create that would wait too long fails with client_rate_limited before anything is sent', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const { transport, sent } = timedTransport(s, [
        { method: 'POST', path: '/videos', reply: { body: videoFixture({ id: 'video_1' }) }, times: 5 },
      ]);
      const sora = client(s, transport, { requestsPerMinute: 60, burst: 1, maxWaitMs: 500 });
      const errors: Array<[number, unknown]> = [];
      sora.createVideo({ prompt: 'a' }).subscribe();
      sora.createVideo({ prompt: 'b' }).subscribe({ error: (e) => errors.push([s.now(), e]) });
      flush();
      expect(sent).toHaveLength(1);
      expect(errors).toHaveLength(1);
      expect(errors[0]![0]).toBe(0); // at once: not retried, no backoff
      const error = errors[0]![1] as RateLimitError;
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error.code).toBe('client_rate_limited');
      expect(error.retryAfterMs).toBe(1000);
    });
  });

  it('polls are stretched, never failed, and wait behind creates', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const { transport, sent } = timedTransport(s, [
        ok('video_1'),
        { method: 'POST', path: '/videos', reply: { body: videoFixture({ id: 'video_2' }) }, times: 2 },
      ]);
      const sora = client(s, transport, { requestsPerMinute: 60, burst: 1, maxWaitMs: 1500 });
      sora.createVideo({ prompt: 'first' }).subscribe();
      sora.getVideoStatus('video_1').subscribe();
      sora.createVideo({ prompt: 'second' }).subscribe();
      flush();
      expect(sent.map(([t, what]) => [t, what])).toEqual([
        [0, 'POST /videos'],
        [1000, 'POST /videos'],
        [2000, 'GET /videos/video_1'],
      ]);
    });
  });

  it('a watch under a tight budget is stretched (one poll per token), never failed by maxWaitMs', () => {
    const s = testScheduler();
    s.run(({ flush }) => {
      const { transport, sent } = timedTransport(s, [
        {
          method: 'GET',
          path: '/videos/video_1',
          reply: { body: videoFixture({ id: 'video_1', status: 'in_progress', progress: 50 }) },
          times: 3,
        },
        ok('video_1'),
      ]);
      const sora = client(s, transport, { requestsPerMinute: 60, burst: 1, maxWaitMs: 10 });
      const statuses: string[] = [];
      let failed: unknown;
      sora.watchVideo('video_1', { intervalMs: 100, minIntervalMs: 100 }).subscribe({
        next: (v) => statuses.push(v.status),
        error: (e) => (failed = e),
      });
      flush();
      expect(failed).toBeUndefined();
      expect(statuses).toEqual(['in_progress', 'completed']);
      // Asked every ~110 ms (100 ms interval + 10 ms latency); the budget spaces them a second apart.
      expect(sent.map(([t]) => t)).toEqual([0, 1000, 2000, 3000]);
    });
  });

  it('records each wait as a span event on the operation and in sora.client.rate_limit.wait', async () => {
    const tracing = setupTracing();
    const metrics = setupMetrics();
    const s = testScheduler();
    s.run(({ flush }) => {
      const { transport } = timedTransport(s, [ok('video_1')]);
      const sora = client(
        s,
        transport,
        { requestsPerMinute: 60, burst: 1 },
        { tracerProvider: tracing.provider, meterProvider: metrics.meterProvider },
      );
      sora.getVideoStatus('video_1').subscribe();
      sora.getVideoStatus('video_1').subscribe();
      flush();
    });
    const spans = (await tracing.spans()).filter((span) => span.name === 'sora.getVideoStatus');
    const events = spans.flatMap((span) => span.events.filter((e) => e.name === 'sora.rate_limit.wait'));
    expect(events).toHaveLength(1);
    expect(events[0]!.attributes).toMatchObject({ 'sora.rate_limit.wait_ms': 1000, 'sora.rate_limit.priority': 'low' });
    const points = await metrics.histogramPoints('sora.client.rate_limit.wait');
    expect(points.reduce((n, p) => n + p.value.count, 0)).toBe(2);
    expect(points.reduce((n, p) => n + (p.value.sum ?? 0), 0)).toBe(1);
    await tracing.shutdown();
  });

  it('rejects a bad rateLimit option with a ValidationError naming the field', () => {
    expect(() => createSoraClient({ apiKey: 'k', rateLimit: { requestsPerMinute: 0 } })).toThrow(
      /rateLimit\.requestsPerMinute/,
    );
    expect(() => createSoraClient({ apiKey: 'k', rateLimit: { burst: 1.5 } })).toThrow(/rateLimit\.burst/);
    expect(() => createSoraClient({ apiKey: 'k', rateLimit: { maxWaitMs: -1 } })).toThrow(/rateLimit\.maxWaitMs/);
  });
});
