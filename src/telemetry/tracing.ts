import {
  type Attributes,
  type Context,
  type Link,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';
import { errorType, isCancellation } from './error-type.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_SORA_OPERATION,
  GEN_AI_OPERATION_GENERATE_CONTENT,
  GEN_AI_PROVIDER_OPENAI,
} from './semconv.js';

/** An operation span and the context that parents its attempt spans. */
export interface OperationSpan {
  readonly span: Span | undefined;
  readonly context: Context;
  /** Sets attributes; never throws. */
  setAttributes(attributes: Attributes): void;
  /** Ends the span: ERROR with `error.type` = the error's name for a failure; UNSET for success or a cancel. */
  end(error?: unknown): void;
}

/**
 * Starts the INTERNAL span `sora.<operation>` under `parent`, with `sora.operation`, `gen_ai.operation.name`
 * (`generate_content`) and `gen_ai.provider.name` (`openai`) set at start, plus `attributes` and `links` (e.g. a poll
 * tick's links to the watches it serves). Never throws: if the
 * tracer fails, the returned handle is inert and `context` is `parent`.
 */
export function startOperationSpan(
  tracer: Tracer,
  operation: string,
  parent: Context,
  attributes?: Attributes,
  links?: readonly Link[],
): OperationSpan {
  let span: Span | undefined;
  let ctx = parent;
  try {
    span = tracer.startSpan(
      `sora.${operation}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR_SORA_OPERATION]: operation,
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_GENERATE_CONTENT,
          [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER_OPENAI,
          ...attributes,
        },
        ...(links === undefined || links.length === 0 ? {} : { links: [...links] }),
      },
      parent,
    );
    ctx = carriesNothingNew(span, parent) ? parent : trace.setSpan(parent, span);
  } catch {
    span = undefined;
  }
  return new OperationSpanHandle(span, ctx);
}

/**
 * Whether `span` is the no-op tracer's stand-in that would parent children exactly as `parent` already does (it
 * records nothing and carries the parent's span context, or an invalid one under no parent). Then `parent` is
 * used as is: no Context per operation where tracing is off (a watch holds its context for minutes). A span an SDK
 * sampled out has a span id of its own and is set as usual.
 */
function carriesNothingNew(span: Span, parent: Context): boolean {
  if (span.isRecording()) return false;
  const own = span.spanContext();
  const parentSpan = trace.getSpan(parent);
  if (parentSpan === undefined) return !isSpanContextValid(own);
  // A recording parent (tracing on elsewhere, off for this client) must not get this client's span events.
  return !parentSpan.isRecording() && own === parentSpan.spanContext();
}

/** Methods on the prototype: a long operation (a watch) holds its handle for minutes. */
class OperationSpanHandle implements OperationSpan {
  private ended = false;

  constructor(
    readonly span: Span | undefined,
    readonly context: Context,
  ) {}

  setAttributes(attrs: Attributes): void {
    try {
      this.span?.setAttributes(attrs);
    } catch {
      // ignore
    }
  }

  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    const span = this.span;
    try {
      if (error !== undefined && !isCancellation(error)) {
        span?.setAttribute(ATTR_ERROR_TYPE, error instanceof Error ? error.name : errorType(error));
        span?.setStatus({ code: SpanStatusCode.ERROR });
      }
      span?.end();
    } catch {
      // ignore
    }
  }
}
