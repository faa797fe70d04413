/**
 * The poller is observable: one span per poll tick (`sora.pollVideos`) saying how it polled and how many ids it
 * covered, with the HTTP spans under it; a histogram of ids per list request and a counter of requests saved.
 * Real client on a fake transport, virtual time.
 */
import { context, trace } from '@opentelemetry/api';
import { lastValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../../src/client.js';
import { METRIC_POLL_LIST_IDS, METRIC_POLL_REQUESTS_SAVED } from '../../../src/streams/poller/index.js';
import { createFakeTransport } from '../../../src/testing/fake-transport.js';
import { setupMetrics, setupTracing } from '../../helpers/otel.js';
import { vid } from './helpers.js';

const tracing = setupTracing();
afterAll(() => tracing.shutdown());

describe('poller telemetry', () => {
  it('a span per tick with its ids and requests; ids per list request and requests saved as metrics', async () => {
    const metrics = setupMetrics();
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const completed = [1, 2, 3, 4].map((n) => vid(n, { status: 'completed', progress: 100 }));
    const transport = createFakeTransport(
      [
        {
          method: 'GET',
          path: '/videos',
          reply: {
            body: { object: 'list', data: completed.slice(0, 3), first_id: null, last_id: null, has_more: false },
          },
        },
        { method: 'GET', path: '/videos/video_4', reply: { body: completed[3] } },
      ],
      { scheduler, latencyMs: 2 },
    );
    const sora = createSoraClient({
      apiKey: 'sk-test',
      baseURL: 'http://127.0.0.1:1/v1',
      transport,
      scheduler,
      logLevel: 'silent',
      tracerProvider: tracing.provider,
      meterProvider: metrics.meterProvider,
    });
    const ended: string[] = [];
    scheduler.run(() => {
      for (const n of [1, 2, 3, 4])
        sora.watchVideo(`video_${n}`).subscribe({ complete: () => ended.push(`video_${n}`) });
    });
    expect(ended).toHaveLength(4);
    expect(transport.requests.map((r) => r.path)).toEqual(['/videos', '/videos/video_4']);

    const spans = await tracing.spans();
    const ticks = spans.filter((s) => s.name === 'sora.pollVideos');
    expect(ticks).toHaveLength(1);
    expect(ticks[0]!.attributes).toMatchObject({
      'sora.poll.mode': 'list',
      'sora.poll.ids': 4,
      'sora.poll.list_requests': 1,
      'sora.poll.retrieves': 1,
      'sora.poll.covered': 3,
    });
    const tickId = ticks[0]!.spanContext().spanId;
    const http = spans.filter((s) => s.parentSpanContext?.spanId === tickId);
    expect(http).toHaveLength(2); // the list request and the retrieve hang under the tick
    const watches = spans.filter((s) => s.name === 'sora.watchVideo');
    expect(watches).toHaveLength(4);
    // The tick span is a root of its own; it links to the span of every watch it polled for.
    expect(ticks[0]!.parentSpanContext).toBeUndefined();
    expect(ticks[0]!.links.map((l) => [l.context.spanId, l.attributes?.['sora.video.id']]).sort()).toEqual(
      watches.map((w) => [w.spanContext().spanId, w.attributes['sora.video.id']]).sort(),
    );

    const points = await metrics.histogramPoints(METRIC_POLL_LIST_IDS);
    expect(points).toHaveLength(1);
    expect(points[0]!.value).toMatchObject({ count: 1, sum: 3 });
    const { resourceMetrics } = await metrics.collect();
    const saved = resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === METRIC_POLL_REQUESTS_SAVED);
    expect(saved?.dataPoints[0]?.value).toBe(2);
    sora.close();
  });

  it("a tick is a root span even when the watches were started under a caller's active span (real timers)", async () => {
    const completed = [1, 2, 3].map((n) => vid(n, { status: 'completed', progress: 100 }));
    const transport = createFakeTransport([
      {
        method: 'GET',
        path: '/videos',
        reply: { body: { object: 'list', data: completed, first_id: null, last_id: null, has_more: false } },
      },
    ]);
    const sora = createSoraClient({
      apiKey: 'sk-test',
      baseURL: 'http://127.0.0.1:1/v1',
      transport,
      logLevel: 'silent',
      tracerProvider: tracing.provider,
    });
    const request = tracing.provider.getTracer('app').startSpan('app request');
    // The context manager carries the caller's context into the poller's timers.
    await context.with(trace.setSpan(context.active(), request), () =>
      Promise.all([1, 2, 3].map((n) => lastValueFrom(sora.watchVideo(`video_${n}`)))),
    );
    request.end();
    sora.close();
    const spans = await tracing.spans();
    const requestId = request.spanContext().spanId;
    const watches = spans.filter((s) => s.name === 'sora.watchVideo' && s.parentSpanContext?.spanId === requestId);
    expect(watches).toHaveLength(3);
    const tick = spans.find(
      (s) => s.name === 'sora.pollVideos' && s.links.some((l) => l.context.spanId === watches[0]!.spanContext().spanId),
    );
    expect(tick).toBeDefined();
    expect(tick!.parentSpanContext).toBeUndefined();
    expect(tick!.spanContext().traceId).not.toBe(request.spanContext().traceId);
  });
});
