import type { Readable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { Observable } from 'rxjs';
import type { ResolvedConfig } from '../config/options.js';
import { AuthenticationError } from '../errors/api-errors.js';
import { errorFromResponse } from '../errors/from-response.js';
import { type SoraError, isSoraError } from '../errors/sora-error.js';
import { isLoopbackHost } from '../util/loopback.js';
import { redactSecrets } from '../util/redact.js';
import { type TransportAgents, baseHeaders, createAgents, mergeHeaders } from './agent.js';
import { keyFromProvider } from './auth.js';
import { nextHop, redirectTarget } from './redirects.js';
import { invalidJsonError, mapNetworkError } from './map-error.js';
import { ACCEPT_ENCODING, decodedBody, decodedHeaders } from './decode-body.js';
import { readBoundedBody, readErrorBody } from './read-body.js';
import type { HttpRequest, HttpResponse, Transport } from './types.js';
import { RequestGate } from './request-gate.js';
import { createUrlBuilder } from './url-builder.js';

const keepRaw = (data: unknown): unknown => data;
const acceptAll = (): boolean => true;

/** Optional collaborators of {@link createAxiosTransport} (tests inject them). */
export interface AxiosTransportDeps {
  /** Use this axios instance instead of creating one. */
  axios?: AxiosInstance;
  /** Use these agents instead of creating keep-alive ones (never destroyed by `destroy()`). */
  agents?: TransportAgents;
}

/** The axios transport plus a way to release its keep-alive sockets. */
export interface AxiosTransport extends Transport {
  /** Destroys the keep-alive agents (free sockets are closed; in-flight requests fail). */
  destroy(): void;
}

/**
 * The HTTP layer over ONE axios instance per client, with keep-alive agents. Every status is classified here:
 * 2xx emits one {@link HttpResponse} and completes, anything else errors with `errorFromResponse`; network
 * failures error with `ConnectionError` (phase `connect` or `transfer`). Cold: each subscription sends one
 * request with its own `AbortController`; unsubscribing before the response aborts the socket. Requests beyond
 * the agent's `maxSockets` wait (FIFO) in a light queue before reaching axios, as they would in the agent.
 *
 * Without an API key, requests to a loopback host (the local emulator) are sent without auth; requests to any
 * other host fail with `AuthenticationError` before anything is sent. With an `apiKey` function, it is called
 * before every attempt (see `keyFromProvider`), before the attempt waits for a socket.
 *
 * With `responseType: 'stream'` the response is emitted once headers arrive and `data` is the Node `Readable`:
 * from then on the CALLER owns the body and must `destroy()` it on teardown (the download operation does). Such
 * content requests follow up to 5 redirects (see `nextHop`: credentials dropped across origins, never https →
 * http); JSON requests follow none (their 3xx errors name the target host).
 *
 * @example
 * ```ts
 * const transport = createAxiosTransport(resolveConfig({ apiKey }));
 * transport({ method: 'GET', path: '/videos/video_123' }).subscribe((res) => console.log(res.data));
 * ```
 */
export function createAxiosTransport(config: ResolvedConfig, deps: AxiosTransportDeps = {}): AxiosTransport {
  const created = deps.agents ? undefined : createAgents(config);
  const agents: TransportAgents = deps.agents ?? created!;
  const http =
    deps.axios ??
    axios.create({
      httpAgent: agents.httpAgent,
      httpsAgent: agents.httpsAgent,
      validateStatus: acceptAll,
      maxRedirects: 0,
      // Bodies are always streamed and decoded here (decode-body.ts), so the bounds of read-body.ts count the
      // DECODED bytes and destroy the socket at the bound: axios's own limits would buffer error bodies whole.
      maxContentLength: -1,
      maxBodyLength: -1,
      decompress: false,
    });
  // Shared (frozen) by every request without a body or extra headers; axios copies, never mutates, them.
  const provider = config.apiKeyProvider;
  // Only the codings decode-body.ts decodes are advertised (axios would add `compress`); a caller's header wins.
  const staticHeaders = Object.freeze(mergeHeaders({ 'Accept-Encoding': ACCEPT_ENCODING }, baseHeaders(config)));
  const keyless = !config.apiKey && !provider;
  const limitBytes = config.maxResponseBytes;
  const urls = createUrlBuilder(config.baseURL, config.defaultQuery);
  // Requests beyond the agent's socket limit wait in this queue rather than in the agent's (see RequestGate);
  // an injected axios instance has agents we do not know, so nothing waits here then.
  const gate = new RequestGate(deps.axios ? Number.POSITIVE_INFINITY : socketLimit(config.baseURL, agents));

  const transport = (request: HttpRequest): Observable<HttpResponse> =>
    new Observable<HttpResponse>((subscriber) => {
      const url = urls.full(request.path, request.query);
      if (keyless && !isLoopbackHost(new URL(url).hostname)) {
        subscriber.error(missingKeyError());
        return undefined;
      }
      const safeUrl = urls.redactedFull(request.path, request.query);
      const stream = request.responseType === 'stream';
      const body = encodeBody(request);
      let controller: AbortController | undefined;
      let responseBody: Readable | undefined;
      let settled = false;
      let released = false;
      let unsubscribed = false;
      let dequeue: () => void = noop;
      const release = (): void => {
        if (released) return;
        released = true;
        gate.release();
      };
      const send = (headers: Readonly<Record<string, string>>): void => {
        const abort = (controller = new AbortController());
        const first = {
          url,
          headers: body.headers || request.headers ? mergeHeaders(headers, body.headers, request.headers) : headers,
        };
        const fetch = (hop: { url: string; headers: Readonly<Record<string, string>> }): Promise<AxiosResponse> =>
          http.request({
            url: hop.url,
            method: request.method,
            headers: hop.headers,
            data: body.data,
            signal: abort.signal,
            responseType: 'stream',
            decompress: false,
            transformResponse: keepRaw,
            validateStatus: acceptAll,
          });
        (stream ? followContentRedirects(fetch, first) : fetch(first))
          .then(
            (res) => {
              responseBody = res.data as Readable;
              return handleResponse(res, stream, safeUrl, limitBytes);
            },
            (error: unknown) => Promise.reject(isSoraError(error) ? error : mapNetworkError(error)),
          )
          .then(
            (response) => {
              settled = true;
              release();
              subscriber.next(response);
              subscriber.complete();
            },
            (error: SoraError) => {
              settled = true;
              release();
              if (!abort.signal.aborted) subscriber.error(error);
            },
          );
      };
      if (!provider) dequeue = gate.run(() => send(staticHeaders));
      else {
        keyFromProvider(provider).then(
          (key) => {
            if (!unsubscribed)
              dequeue = gate.run(() =>
                send(Object.freeze(mergeHeaders({ 'Accept-Encoding': ACCEPT_ENCODING }, baseHeaders(config, key)))),
              );
          },
          (error: SoraError) => {
            settled = true;
            if (!unsubscribed) subscriber.error(error);
          },
        );
      }
      return () => {
        unsubscribed = true;
        if (settled) return;
        if (controller === undefined) return dequeue();
        controller.abort();
        responseBody?.destroy(); // a body being read: close its socket now
        release();
      };
    });

  return Object.assign(transport, {
    destroy: (): void => {
      for (const agent of created?.owned ?? []) agent.destroy();
    },
  });
}

const noop = (): void => undefined;

/**
 * Sends a content request and follows its redirects (up to `MAX_CONTENT_REDIRECTS`, see `nextHop`), destroying
 * each redirect's body. Resolves with the first non-redirect response; rejects with the typed error of a refused hop.
 */
async function followContentRedirects(
  fetch: (hop: { url: string; headers: Readonly<Record<string, string>> }) => Promise<AxiosResponse>,
  first: { url: string; headers: Readonly<Record<string, string>> },
): Promise<AxiosResponse> {
  let hop = first;
  for (let n = 1; ; n++) {
    const res = await fetch(hop);
    const target = redirectTarget(res.status, lowerHeaders(res.headers), hop.url);
    if (target === undefined) return res;
    (res.data as Readable).destroy();
    hop = nextHop(hop.url, target, hop.headers, n, res.status);
  }
}

function socketLimit(baseURL: string, agents: TransportAgents): number {
  const agent = new URL(baseURL).protocol === 'https:' ? agents.httpsAgent : agents.httpAgent;
  return agent.maxSockets;
}

function missingKeyError(): AuthenticationError {
  return new AuthenticationError(
    'Missing API key: set OPENAI_API_KEY or pass apiKey (only loopback base URLs may be used without a key)',
    { status: 401, statusCode: 401, code: 'missing_api_key' },
  );
}

function encodeBody(request: HttpRequest): { data?: unknown; headers?: Record<string, string> } {
  const body = request.body;
  if (!body) return {};
  if (body.kind === 'multipart') return { data: body.build() };
  return { data: JSON.stringify(body.value), headers: { 'Content-Type': 'application/json' } };
}

/**
 * Decodes the body (gzip, deflate, br) and reads it within its bound: an error body up to 64 KiB, a JSON body up
 * to `limitBytes`; a stream response is handed over decoded, once headers arrived. Throws the typed error.
 */
function handleResponse(
  res: AxiosResponse,
  stream: boolean,
  url: string,
  limitBytes: number,
): HttpResponse | Promise<HttpResponse> {
  const raw = res.data as Readable;
  const status = res.status;
  const data = decodedBody(raw, headerValue(res.headers, 'content-encoding'));
  const headers = decodedHeaders(raw, data, lowerHeaders(res.headers));
  const context = { status, requestId: headers['x-request-id'] };
  if (status < 200 || status >= 300) {
    return readErrorBody(data, context).then((text) => {
      throw errorFromResponse({ status, headers, data: text, url });
    });
  }
  if (stream) return { status, headers, data, url };
  return readBoundedBody(data, limitBytes, context).then((buf) => {
    const text = buf.toString('utf8');
    if (text.trim() === '') return { status, headers, data: undefined, url };
    try {
      return { status, headers, data: JSON.parse(text) as unknown, url };
    } catch {
      throw invalidJsonError(status, headers);
    }
  });
}

function headerValue(raw: unknown, name: string): string | undefined {
  const v = (raw as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : undefined;
}

function lowerHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const source =
    raw && typeof (raw as { toJSON?: unknown }).toJSON === 'function'
      ? (raw as { toJSON(): Record<string, unknown> }).toJSON()
      : ((raw ?? {}) as Record<string, unknown>);
  for (const k of Object.keys(source)) {
    const v = source[k];
    if (v === undefined || v === null) continue;
    // A server may echo the key in any header (`x-request-id`, `location`): scrub before anything keeps it.
    out[k.toLowerCase()] = redactSecrets(typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : String(v));
  }
  return out;
}
