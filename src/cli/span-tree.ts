/** The parts of a finished span the tree needs (`ReadableSpan` satisfies it). */
export interface SpanLike {
  readonly name: string;
  spanContext(): { traceId: string; spanId: string };
  readonly parentSpanContext?: { spanId: string } | undefined;
  readonly startTime: readonly [number, number];
  readonly duration: readonly [number, number];
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly status: { code: number };
}

interface Node {
  span: SpanLike;
  children: Node[];
}

const ERROR_STATUS = 2;

/** `1.234 s` or `12 ms` for an OpenTelemetry `[seconds, nanos]` duration. */
export function formatDuration(hr: readonly [number, number]): string {
  const ms = hr[0] * 1000 + hr[1] / 1e6;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** The short attribute summary printed after a span's name. */
export function spanDetails(span: SpanLike): string {
  const a = span.attributes;
  const parts: string[] = [];
  const status = a['http.response.status_code'];
  if (status !== undefined) parts.push(String(status));
  const resend = a['http.request.resend_count'];
  if (resend !== undefined) parts.push(`resend ${String(resend)}`);
  const model = a['gen_ai.request.model'];
  if (model !== undefined) parts.push(`model=${String(model)}`);
  const id = a['sora.video.id'] ?? a['gen_ai.response.id'];
  if (id !== undefined && a['http.request.method'] === undefined) parts.push(`video=${String(id)}`);
  const errorType = a['error.type'];
  if (errorType !== undefined) parts.push(`error=${String(errorType)}`);
  else if (span.status.code === ERROR_STATUS) parts.push('error');
  return parts.join('  ');
}

function toMs(hr: readonly [number, number]): number {
  return hr[0] * 1000 + hr[1] / 1e6;
}

function buildForest(spans: readonly SpanLike[]): Node[] {
  const nodes = new Map<string, Node>();
  for (const span of spans) nodes.set(span.spanContext().spanId, { span, children: [] });
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parentId = node.span.parentSpanContext?.spanId;
    const parent = parentId === undefined ? undefined : nodes.get(parentId);
    (parent ? parent.children : roots).push(node);
  }
  const byStart = (x: Node, y: Node): number => toMs(x.span.startTime) - toMs(y.span.startTime);
  for (const node of nodes.values()) node.children.sort(byStart);
  return roots.sort(byStart);
}

/** Consecutive leaf siblings with the same name and details print as one `×N` line. */
function groupLeaves(children: Node[]): Node[][] {
  const groups: Node[][] = [];
  for (const child of children) {
    const prev = groups.at(-1);
    const head = prev?.[0];
    const same =
      head !== undefined &&
      child.children.length === 0 &&
      head.children.length === 0 &&
      head.span.name === child.span.name &&
      spanDetails(head.span) === spanDetails(child.span);
    if (same) prev!.push(child);
    else groups.push([child]);
  }
  return groups;
}

function describe(group: Node[]): string {
  const first = group[0]!.span;
  const details = spanDetails(first);
  if (group.length === 1) return [first.name, formatDuration(first.duration), details].filter(Boolean).join('  ');
  const total = group.reduce((sum, n) => sum + toMs(n.span.duration), 0);
  const avg = formatDuration([0, (total / group.length) * 1e6]);
  return [`${first.name} ×${group.length}`, `${avg} avg`, details].filter(Boolean).join('  ');
}

function render(node: Node, prefix: string, lines: string[]): void {
  const groups = groupLeaves(node.children);
  groups.forEach((group, i) => {
    const last = i === groups.length - 1;
    lines.push(`${prefix}${last ? '└─ ' : '├─ '}${describe(group)}`);
    if (group.length === 1) render(group[0]!, prefix + (last ? '   ' : '│  '), lines);
  });
}

/**
 * The span tree of a run as text lines: roots first (by start time), children indented with box-drawing
 * characters, each with its duration and key attributes (HTTP status, resend count, error type).
 *
 * @example
 * ```ts
 * for (const line of formatSpanTree(exporter.getFinishedSpans())) console.error(line);
 * ```
 */
export function formatSpanTree(spans: readonly SpanLike[]): string[] {
  if (spans.length === 0) return ['trace: no spans recorded'];
  const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
  const lines = [`trace: ${spans.length} span${spans.length === 1 ? '' : 's'} in ${[...traceIds].join(', ')}`];
  for (const root of buildForest(spans)) {
    lines.push(describe([root]));
    render(root, '', lines);
  }
  return lines;
}
