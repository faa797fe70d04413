import { asyncScheduler, defer, type Observable, type SchedulerLike } from 'rxjs';
import { resolveConfig } from '../../../src/config/resolve.js';
import type { RequestOptions } from '../../../src/config/options.js';
import { withCancellation } from '../../../src/streams/operators/index.js';
import type { OperationScope, SendOptions, SoraRuntime } from '../../../src/streams/runtime-types.js';
import { noopLogger, type LoggerLike } from '../../../src/telemetry/logger-like.js';
import type { HttpRequest, HttpResponse } from '../../../src/transport/types.js';
import type { Video } from '../../../src/streams/videos/types.js';

/** One call to `scope.send`. */
export interface FakeCall {
  operation: string;
  request: HttpRequest;
  options: SendOptions | undefined;
  atMs: number;
}

/** Scripted answer for the n-th send (0-based). */
export type FakeHandler = (request: HttpRequest, n: number) => Observable<HttpResponse<unknown>>;

export interface FakeRuntime extends SoraRuntime {
  readonly calls: FakeCall[];
  readonly operations: string[];
  readonly warnings: string[];
}

/** A SoraRuntime whose `send` returns whatever `handler` returns (no retry, no timeout), with real cancellation. */
export function createFakeRuntime(handler: FakeHandler, scheduler: SchedulerLike = asyncScheduler): FakeRuntime {
  const calls: FakeCall[] = [];
  const operations: string[] = [];
  const warnings: string[] = [];
  const logger: LoggerLike = {
    ...noopLogger,
    warn: (...args: unknown[]) => void warnings.push(String(args[1] ?? args[0])),
    child: () => logger,
  };
  return {
    config: resolveConfig({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:1/v1' }, {}),
    logger,
    scheduler,
    calls,
    operations,
    warnings,
    operation<T>(name: string, options: RequestOptions | undefined, body: (scope: OperationScope) => Observable<T>) {
      return defer(() => {
        operations.push(name);
        const scope: OperationScope = {
          send: <R>(request: HttpRequest, sendOptions?: SendOptions) =>
            defer(() => {
              calls.push({ operation: name, request, options: sendOptions, atMs: scheduler.now() });
              return handler(request, calls.length - 1) as Observable<HttpResponse<R>>;
            }),
          logger,
          scheduler,
          setAttributes: () => undefined,
        };
        return body(scope);
      }).pipe(withCancellation<T>({ signal: options?.signal, cancel$: options?.cancel$ }));
    },
  };
}

/** A 200 response. */
export function ok<T>(data: T, headers: Record<string, string> = {}): HttpResponse<T> {
  return { status: 200, headers, data, url: 'http://fake' };
}

/** A Video fixture. */
export function video(over: Partial<Video> = {}): Video {
  return {
    id: 'video_1',
    object: 'video',
    model: 'sora-2',
    status: 'queued',
    progress: 0,
    created_at: 1000,
    completed_at: null,
    expires_at: null,
    prompt: 'a fox',
    size: '720x1280',
    seconds: '4',
    remixed_from_video_id: null,
    error: null,
    ...over,
  };
}
