/**
 * An operation's context: where tracing is off (the no-op tracer) it is the caller's own context, so a long watch
 * holds no Context of its own; wherever a span is real (recorded, or sampled out by an SDK with an id of its own), or
 * the caller's span records, the operation gets a context with its span.
 */
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { startOperationSpan } from '../../src/telemetry/tracing.js';

const sampledOut = new BasicTracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('off');
const remote = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: 1,
};

describe('startOperationSpan context', () => {
  it('with the no-op tracer, no parent: the context is the parent itself', () => {
    const tracer = trace.getTracerProvider().getTracer('noop');
    const op = startOperationSpan(tracer, 'watchVideo', ROOT_CONTEXT);
    expect(op.context).toBe(ROOT_CONTEXT);
    op.end();
  });

  it('with the no-op tracer under a non-recording parent: still the parent (children parent alike)', () => {
    const tracer = trace.getTracerProvider().getTracer('noop');
    const parent = trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(remote));
    const op = startOperationSpan(tracer, 'watchVideo', parent);
    expect(op.context).toBe(parent);
    expect(trace.getSpanContext(op.context)?.spanId).toBe(remote.spanId);
  });

  it('an SDK span sampled out has an id of its own: it is set on a new context', () => {
    const parent = trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(remote));
    const op = startOperationSpan(sampledOut, 'watchVideo', parent);
    expect(op.context).not.toBe(parent);
    const own = trace.getSpanContext(op.context);
    expect(own?.traceId).toBe(remote.traceId);
    expect(own?.spanId).not.toBe(remote.spanId);
  });

  it('the no-op tracer under a recording parent: a context of its own, so its events never land on that span', () => {
    const recording = new BasicTracerProvider().getTracer('app').startSpan('app');
    const parent = trace.setSpan(ROOT_CONTEXT, recording);
    const op = startOperationSpan(trace.getTracerProvider().getTracer('noop'), 'watchVideo', parent);
    expect(op.context).not.toBe(parent);
    expect(trace.getSpan(op.context)?.isRecording()).toBe(false);
    recording.end();
  });
});
