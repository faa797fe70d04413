import { Readable } from 'node:stream';
import { asyncScheduler, defer, mergeMap, of, throwError, timer } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import { errorFromResponse } from '../errors/from-response.js';
import type { SoraError } from '../errors/sora-error.js';
import type { HttpMethod, HttpRequest, HttpResponse, Transport } from '../transport/types.js';

/**
 * One scripted answer: a response (`status` defaults to 200; a non-2xx status errors with the typed error the real
 * transport would give, e.g. `ServiceUnavailableError` for 503) or a transport-level `error` (e.g. a
 * `ConnectionError`). For `responseType: 'stream'` requests, a string or bytes `body` arrives as a `Readable`.
 *
 * @example
 * ```ts
 * const busy: FakeReply = { status: 429, headers: { 'retry-after': '1' } };
 * const reset: FakeReply = { error: () => new ConnectionError('reset', { phase: 'transfer' }) };
 * ```
 */
export type FakeReply =
  | {
      status?: number;
      body?: unknown;
      headers?: Readonly<Record<string, string>>;
      /** Overrides the transport's latency for this reply. */
      latencyMs?: number;
    }
  | { error: SoraError | (() => SoraError); latencyMs?: number };

/**
 * A scripted route: requests matching `method` and `path` get `reply`, `times` times (default once).
 *
 * @example
 * ```ts
 * const route: FakeRoute = { method: 'GET', path: /^\/videos\/video_/, reply: { body: videoFixture() }, times: 3 };
 * ```
 */
export interface FakeRoute {
  method: HttpMethod | '*';
  /** The exact encoded path (`/videos/video_1`), a RegExp tested against it, or a predicate on the request. */
  path: string | RegExp | ((request: HttpRequest) => boolean);
  reply: FakeReply | ((request: HttpRequest) => FakeReply);
  /** How many requests this route answers before the next matching route takes over. @default 1 */
  times?: number;
}

/**
 * Options of {@link createFakeTransport}.
 *
 * @example
 * ```ts
 * createFakeTransport(routes, { scheduler: testScheduler, latencyMs: 10 });
 * ```
 */
export interface FakeTransportOptions {
  /** Where replies are delivered. Pass the `TestScheduler` in marble tests. @default asyncScheduler */
  scheduler?: SchedulerLike;
  /** Delay of every reply, in ms of `scheduler` time. @default 0 */
  latencyMs?: number;
}

/**
 * A scripted {@link Transport} that records what it was sent.
 *
 * @example
 * ```ts
 * expect(transport.requests.map((r) => r.resendCount)).toEqual([0, 1]);
 * expect(transport.pending()).toEqual([]);
 * ```
 */
export interface FakeTransport extends Transport {
  /** Every request, in the order it was sent (on subscription). */
  readonly requests: readonly HttpRequest[];
  /** Appends routes to the script. */
  script(...routes: FakeRoute[]): void;
  /** Routes with answers left (to assert that everything scripted was used). */
  pending(): readonly FakeRoute[];
}

/**
 * A `Transport` whose answers are scripted per request: the first route (in script order) whose method and path
 * match and that has uses left answers, after `latencyMs` on `scheduler`. Unscripted requests error with a 404
 * `NotFoundError`. Pass it to `createSoraClient({ transport, scheduler, apiKey: 'test' })` to test code built on
 * sora-rx (with the real retries, timeouts and validation) without a network.
 *
 * @example
 * ```ts
 * const transport = createFakeTransport(
 *   [
 *     { method: 'GET', path: '/videos/video_1', reply: { status: 503, headers: { 'retry-after-ms': '100' } } },
 *     { method: 'GET', path: '/videos/video_1', reply: { body: videoFixture({ id: 'video_1' }) } },
 *   ],
 *   { scheduler, latencyMs: 10 },
 * );
 * const sora = createSoraClient({ transport, scheduler, apiKey: 'test', logLevel: 'silent' });
 * ```
 */
export function createFakeTransport(
  routes: readonly FakeRoute[] = [],
  options: FakeTransportOptions = {},
): FakeTransport {
  const scheduler = options.scheduler ?? asyncScheduler;
  const script = routes.map((route) => ({ route, left: route.times ?? 1 }));
  const requests: HttpRequest[] = [];

  const transport = (request: HttpRequest): Observable<HttpResponse> =>
    defer(() => {
      requests.push(request);
      const entry = script.find((e) => e.left > 0 && matches(e.route, request));
      if (entry) entry.left -= 1;
      const reply: FakeReply = entry
        ? typeof entry.route.reply === 'function'
          ? entry.route.reply(request)
          : entry.route.reply
        : { status: 404, body: unscriptedBody(request) };
      const latency = reply.latencyMs ?? options.latencyMs ?? 0;
      return timer(latency, scheduler).pipe(mergeMap(() => answer(request, reply, scheduler)));
    });

  return Object.assign(transport, {
    requests,
    script: (...more: FakeRoute[]) => {
      script.push(...more.map((route) => ({ route, left: route.times ?? 1 })));
    },
    pending: () => script.filter((e) => e.left > 0).map((e) => e.route),
  });
}

function matches(route: FakeRoute, request: HttpRequest): boolean {
  if (route.method !== '*' && route.method !== request.method) return false;
  if (typeof route.path === 'string') return route.path === request.path;
  if (route.path instanceof RegExp) return route.path.test(request.path);
  return route.path(request);
}

function answer(request: HttpRequest, reply: FakeReply, scheduler: SchedulerLike): Observable<HttpResponse> {
  if ('error' in reply) {
    const error = typeof reply.error === 'function' ? reply.error() : reply.error;
    return throwError(() => error);
  }
  const status = reply.status ?? 200;
  const headers = lowerCase(reply.headers ?? {});
  if (status < 200 || status > 299) {
    return throwError(() => errorFromResponse({ status, headers, data: reply.body ?? null }, () => scheduler.now()));
  }
  const data = request.responseType === 'stream' ? toReadable(reply.body) : reply.body;
  return of({ status, headers, data, url: fakeUrl(request) });
}

function toReadable(body: unknown): Readable {
  if (body instanceof Readable) return body;
  if (typeof body === 'string') return Readable.from([Buffer.from(body)]);
  if (body instanceof Uint8Array) return Readable.from([Buffer.from(body)]);
  return Readable.from([]);
}

function lowerCase(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function fakeUrl(request: HttpRequest): string {
  const query = Object.entries(request.query ?? {}).filter(
    (e): e is [string, string | number | boolean] => e[1] !== undefined,
  );
  const search = new URLSearchParams(query.map(([k, v]): [string, string] => [k, String(v)])).toString();
  return `fake://sora${request.path}${search ? `?${search}` : ''}`;
}

function unscriptedBody(request: HttpRequest): unknown {
  return {
    error: {
      message: `FakeTransport: no scripted reply for ${request.method} ${request.path}`,
      type: 'invalid_request_error',
      param: null,
      code: 'unscripted_request',
    },
  };
}
