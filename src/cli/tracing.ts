import type { TracerProvider } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { SpanLike } from './span-tree.js';

type ExportCallback = Parameters<SpanExporter['export']>[1];

/** The optional peer that exports spans over OTLP/HTTP (installed by the user, loaded only when an endpoint is set). */
export const OTLP_EXPORTER_PACKAGE = '@opentelemetry/exporter-trace-otlp-http';

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
  /** The OTLP endpoint spans are also exported to, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set and the exporter loads. */
  readonly otlpEndpoint: string | undefined;
  /** One-line notices for stderr (e.g. the OTLP exporter is not installed). */
  readonly notices: readonly string[];
  /** Flushes and shuts the provider down, unregisters the globals; resolves with the spans of the run. Idempotent. */
  finish(): Promise<SpanLike[]>;
}

/** How the OTLP exporter module is loaded (a test seam; the default is a dynamic `import()`). */
export type LoadOtlpExporter = () => Promise<{ OTLPTraceExporter: new () => SpanExporter }>;

const defaultLoadOtlpExporter: LoadOtlpExporter = () =>
  import(OTLP_EXPORTER_PACKAGE) as Promise<{ OTLPTraceExporter: new () => SpanExporter }>;

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Starts a lean OpenTelemetry trace SDK (`@opentelemetry/sdk-trace`'s `TracerProvider`, the AsyncLocalStorage context manager and the W3C
 * propagator, registered globally) with an in-memory exporter for the span tree. When `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, spans also go to the OTLP HTTP exporter, an optional peer
 * dependency: if it is not installed, `notices` says how to install it and the run goes on without it. No metrics,
 * logs or resource detectors, so nothing touches the network unless an endpoint is set. The SDK modules are loaded
 * only here, so runs without `--trace` don't pay for them.
 *
 * @example
 * ```ts
 * const tracing = await startTracing(process.env);
 * const sora = createSoraClient({ tracerProvider: tracing.tracerProvider });
 * ```
 */
export async function startTracing(
  env: Readonly<Record<string, string | undefined>>,
  loadOtlpExporter: LoadOtlpExporter = defaultLoadOtlpExporter,
): Promise<CliTracing> {
  const [base, api, hooks, core, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/api'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
  ]);
  const memory = new CollectingSpanExporter();
  const spanProcessors: SpanProcessor[] = [new base.SimpleSpanProcessor({ exporter: memory })];
  const notices: string[] = [];
  let otlpEndpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'] || undefined;
  if (otlpEndpoint !== undefined) {
    try {
      const { OTLPTraceExporter } = await loadOtlpExporter();
      spanProcessors.push(new base.BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
    } catch (error) {
      if (!isModuleNotFound(error)) throw error;
      notices.push(
        `trace: OTEL_EXPORTER_OTLP_ENDPOINT is set but ${OTLP_EXPORTER_PACKAGE} is not installed; ` +
          `npm install ${OTLP_EXPORTER_PACKAGE}@0.223.0 to export spans (printing the span tree only)`,
      );
      otlpEndpoint = undefined;
    }
  }
  const provider = new base.TracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': 'sora-rx-cli' }),
    spanProcessors,
  });
  api.trace.setGlobalTracerProvider(provider);
  api.context.setGlobalContextManager(new hooks.AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  let finished: Promise<SpanLike[]> | undefined;
  return {
    tracerProvider: provider,
    otlpEndpoint,
    notices,
    finish() {
      finished ??= (async () => {
        await provider.shutdown().catch(() => undefined);
        api.trace.disable();
        api.context.disable();
        api.propagation.disable();
        return memory.spans;
      })();
      return finished;
    },
  };
}
