import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAuth } from './auth.js';
import { authHeadersFor, shapeReply } from './dialect-shape.js';
import { emptyBody, hasBody, parseBody, readBody } from './body.js';
import { ApiError, defaultErrorBody, envelope, invalidUrl } from './errors.js';
import type { FaultRegistry } from './faults.js';
import { newRequestId } from './ids.js';
import type { RateLimiter } from './rate-limit.js';
import { pushRecord, redactHeaders } from './recorder.js';
import { writeReply } from './respond.js';
import { matchRoute } from './routes.js';
import type { EmulatorState, Reply } from './state.js';
import type { TimerSet } from './timers.js';
import type { Fault, RecordedRequest, StatusFault } from './types.js';

/** What the request pipeline needs from the emulator. */
export interface PipelineDeps {
  readonly state: EmulatorState;
  readonly faults: FaultRegistry;
  readonly limiter: RateLimiter | undefined;
  readonly timers: TimerSet;
  readonly requests: RecordedRequest[];
}

function errorReply(error: ApiError): Reply {
  return {
    status: error.status,
    contentType: 'application/json',
    body: Buffer.from(envelope(error.body)),
    headers: error.headers,
  };
}

function statusFaultReply(fault: StatusFault): Reply {
  const { body } = fault;
  const text =
    body === undefined
      ? envelope(defaultErrorBody(fault.status))
      : typeof body === 'string'
        ? body
        : JSON.stringify(body);
  return { status: fault.status, contentType: 'application/json', body: Buffer.from(text), headers: fault.headers };
}

function toReply(error: unknown): Reply {
  if (error instanceof ApiError) return errorReply(error);
  const message = error instanceof Error ? error.message : String(error);
  return errorReply(
    new ApiError(500, { message: `Emulator bug: ${message}`, type: 'server_error', param: null, code: null }),
  );
}

function parseQuery(search: string): Record<string, string> {
  return search === '' ? {} : Object.fromEntries(new URLSearchParams(search));
}

/** Runs auth, rate limit, body parsing and the handler; every failure becomes an envelope reply. */
async function process(
  deps: PipelineDeps,
  req: IncomingMessage,
  method: string,
  relative: string | undefined,
  query: Record<string, string>,
  record: RecordedRequest,
  rateHeaders: Record<string, string>,
): Promise<Reply> {
  try {
    const route = relative === undefined ? undefined : matchRoute(method, relative);
    if (route === undefined) throw invalidUrl(method, record.path);
    const { dialect, apiKey } = deps.state.options;
    checkAuth(authHeadersFor(dialect, req.headers), apiKey);
    if (deps.limiter !== undefined) Object.assign(rateHeaders, deps.limiter.take());
    let body = emptyBody();
    if (route.readsBody && hasBody(req)) {
      body = parseBody(await readBody(req, deps.state.options.maxBodyBytes), req.headers['content-type']);
      record.bodySummary = body.summary;
    }
    const key = req.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && key !== '' ? key : undefined;
    return route.handler({ state: deps.state, method, params: route.params, query, body, idempotencyKey });
  } catch (error) {
    return toReply(error);
  }
}

/** Handles one HTTP request end to end. */
export async function handleRequest(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = Date.now();
  const started = performance.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const base = deps.state.options.dialect.basePath;
  const relative = path === base ? '' : path.startsWith(`${base}/`) ? path.slice(base.length) : undefined;
  const query = parseQuery(q === -1 ? '' : url.slice(q + 1));
  const requestId = newRequestId();
  const record: RecordedRequest = {
    id: requestId,
    method,
    path,
    query,
    headers: redactHeaders(req.headers),
    bodySummary: { kind: hasBody(req) ? 'other' : 'none', bytes: Number(req.headers['content-length'] ?? 0) },
    startedAt,
    durationMs: null,
    status: null,
  };
  pushRecord(deps.requests, record, deps.state.options.maxRecordedRequests);
  res.once('close', () => {
    record.durationMs = performance.now() - started;
    record.status = res.headersSent ? res.statusCode : null;
  });

  const fault: Fault | undefined = deps.faults.take(method, relative ?? path);
  if (fault !== undefined) record.fault = fault.kind;
  if (fault?.kind === 'reset' && fault.when !== 'after') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'latency') await deps.timers.sleep(fault.ms);

  const rateHeaders: Record<string, string> = {};
  let reply: Reply;
  if (fault?.kind === 'status') {
    req.resume();
    reply = statusFaultReply(fault);
  } else {
    reply = await process(deps, req, method, relative, query, record, rateHeaders);
  }
  if (fault?.kind !== 'status' || fault.body === undefined) {
    reply = shapeReply(deps.state.options.dialect, reply, method, relative ?? path);
  }
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (res.destroyed) return; // the client went away while we waited or read
  if (req.readableEnded === false) req.resume();
  const headers = {
    'x-request-id': requestId,
    'openai-version': '2020-10-01',
    'openai-processing-ms': String(Math.round(performance.now() - started)),
    ...rateHeaders,
  };
  writeReply(res, reply, headers, fault, deps.timers);
}
