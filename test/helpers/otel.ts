import { context, type ContextManager } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  type CollectionResult,
  type HistogramMetricData,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** An in-memory tracer provider whose finished spans can be read synchronously. */
export interface TestTracing {
  readonly exporter: InMemorySpanExporter;
  readonly provider: BasicTracerProvider;
  /** Flushes and returns the finished spans. */
  spans(): Promise<ReturnType<InMemorySpanExporter['getFinishedSpans']>>;
  shutdown(): Promise<void>;
}

let contextManager: ContextManager | undefined;

/** Enables the AsyncLocalStorage context manager globally (once per test file/process). */
export function enableContextManager(): void {
  if (contextManager) return;
  contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
}

/** BasicTracerProvider + SimpleSpanProcessor + InMemorySpanExporter, and the ALS context manager. */
export function setupTracing(): TestTracing {
  enableContextManager();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return {
    exporter,
    provider,
    spans: async () => {
      await provider.forceFlush();
      return exporter.getFinishedSpans();
    },
    shutdown: () => provider.shutdown(),
  };
}

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** A MeterProvider with a pull reader. */
export interface TestMetrics {
  readonly meterProvider: MeterProvider;
  collect(): Promise<CollectionResult>;
  /** The data points of one histogram (empty when it has none). */
  histogramPoints(name: string): Promise<HistogramMetricData['dataPoints']>;
}

/** Sets up sdk-metrics with a {@link MetricReader} subclass, as in tech.md §3.2. */
export function setupMetrics(): TestMetrics {
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const collect = (): Promise<CollectionResult> => reader.collect();
  return {
    meterProvider,
    collect,
    histogramPoints: async (name) => {
      const { resourceMetrics } = await collect();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name === name) return (metric as HistogramMetricData).dataPoints;
        }
      }
      return [];
    },
  };
}
