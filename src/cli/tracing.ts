import type { TracerProvider } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanLike } from './span-tree.js';

type ExportCallback = Parameters<SpanExporter['export']>[1];

/** Keeps every exported span (unlike `InMemorySpanExporter`, shutting down does not clear them). */
export class CollectingSpanExporter implements SpanExporter {
  readonly spans: ReadableSpan[] = [];
  export(spans: ReadableSpan[], done: ExportCallback): void {
    this.spans.push(...spans);
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

/** OpenTelemetry for one CLI run (`--trace`). */
export interface CliTracing {
  /** Pass this to `createSoraClient({ tracerProvider })`. */
  readonly tracerProvider: TracerProvider;
  /** The OTLP endpoint spans are also exported to, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. */
  readonly otlpEndpoint: string | undefined;
  /** Flushes and shuts the SDK down; resolves with the spans of the run. Idempotent. */
  finish(): Promise<SpanLike[]>;
}

/**
 * Starts the OpenTelemetry Node SDK with an in-memory exporter (for the span tree) and, when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, the OTLP HTTP exporter too.
 * No metrics or logs pipelines and no resource detectors are started, so nothing touches the network unless
 * an endpoint is set. The SDK modules are loaded only here, so runs without `--trace` don't pay for them.
 *
 * @example
 * ```ts
 * const tracing = await startTracing(process.env);
 * const sora = createSoraClient({ tracerProvider: tracing.tracerProvider });
 * ```
 */
export async function startTracing(env: Readonly<Record<string, string | undefined>>): Promise<CliTracing> {
  const [{ NodeSDK }, base, api] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/api'),
  ]);
  const memory = new CollectingSpanExporter();
  const spanProcessors: SpanProcessor[] = [new base.SimpleSpanProcessor(memory)];
  const otlpEndpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'] || undefined;
  if (otlpEndpoint !== undefined) {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    spanProcessors.push(new base.BatchSpanProcessor(new OTLPTraceExporter()));
  }
  const sdk = new NodeSDK({
    serviceName: 'sora-rx-cli',
    autoDetectResources: false,
    spanProcessors,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  let finished: Promise<SpanLike[]> | undefined;
  return {
    tracerProvider: api.trace.getTracerProvider(),
    otlpEndpoint,
    finish() {
      finished ??= (async () => {
        await sdk.shutdown().catch(() => undefined);
        return memory.spans;
      })();
      return finished;
    },
  };
}
