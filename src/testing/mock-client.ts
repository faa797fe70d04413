import { asyncScheduler, catchError, defer, map, of, Subscription } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import type { SoraClient, SoraPromises } from '../client-types.js';
import type { RequestOptions, ResolvedConfig, SoraClientOptions } from '../config/options.js';
import { resolveConfig } from '../config/resolve.js';
import { isSoraError, SoraError } from '../errors/sora-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { createSoraPromises } from '../promises.js';
import type * as T from '../streams/videos/types.js';
import { validated } from '../streams/videos/validated.js';
import { type AutoAdvanceOptions, scheduleAutoAdvance } from './mock-auto-advance.js';
import { type MockContext, type MockOperation, mockOperations as ops } from './mock-operations.js';
import { type MockCall, MockResponder, type MockSoraMethod } from './mock-responder.js';
import { MockVideoStore } from './mock-store.js';

/**
 * Options of {@link MockSoraClient}.
 *
 * @example
 * ```ts
 * new MockSoraClient({ scheduler: testScheduler, latencyMs: 10, autoAdvance: { autoComplete: true, stepMs: 100 } });
 * ```
 */
export interface MockSoraClientOptions {
  /** Scheduler of latency, auto-advance, watch deadlines and timestamps (pass a `TestScheduler`). @default asyncScheduler */
  scheduler?: SchedulerLike;
  /** Delay of every answer in ms of scheduler time (0 answers synchronously). @default 0 */
  latencyMs?: number;
  /** Move new jobs along on the scheduler (e.g. `{ autoComplete: true }`); off by default (use `setStatus`). */
  autoAdvance?: AutoAdvanceOptions;
  /** Options to resolve `config` from (the environment is not read). @default {} */
  config?: SoraClientOptions;
  /** Videos to start with, stored as given (oldest first). */
  videos?: readonly T.Video[];
}

/**
 * An in-memory `SoraClient` for tests of code that uses sora-rx: no sockets, cold Observables, the real
 * validators (bad input errors with the same `ValidationError` and `field`) and API-like errors (`NotFoundError`
 * for unknown ids, `BadRequestError` for downloading or deriving from a job that is not completed).
 * Controls: `failNext`, `setLatency`/`delay`, `setStatus`, `addVideo`, the `autoAdvance` option; records `calls`.
 *
 * @example
 * ```ts
 * const sora = new MockSoraClient();
 * const video = await sora.promises.createVideo({ prompt: 'a fox' });
 * sora.watchVideo(video.id).subscribe((v) => console.log(v.status));
 * sora.setStatus(video.id, 'in_progress', 40);
 * sora.setStatus(video.id, 'completed'); // the watch emits it and completes
 * ```
 */
export class MockSoraClient implements SoraClient {
  readonly config: ResolvedConfig;
  readonly promises: SoraPromises;
  /** Every operation call, in order, with its arguments (trailing `undefined`s dropped). */
  readonly calls: MockCall[] = [];
  /** The parameters of every `GET /videos` page fetched by `listVideos`. */
  readonly pageRequests: T.VideoListParams[] = [];
  private readonly scheduler: SchedulerLike;
  private readonly store: MockVideoStore;
  private readonly responder: MockResponder;
  private readonly ctx: MockContext;
  private readonly advancing = new Subscription();

  constructor(options: MockSoraClientOptions = {}) {
    const scheduler = options.scheduler ?? asyncScheduler;
    this.scheduler = scheduler;
    this.store = new MockVideoStore(() => scheduler.now());
    this.responder = new MockResponder(scheduler);
    this.responder.latencyMs = options.latencyMs ?? 0;
    this.config = resolveConfig(options.config ?? {}, {});
    for (const video of options.videos ?? []) this.store.put(video);
    const auto = options.autoAdvance;
    this.ctx = {
      store: this.store,
      scheduler,
      responder: this.responder,
      pageRequests: this.pageRequests,
      validation: this.config.validation,
      statusAliases: this.config.statusAliases,
      startJob: (video) => {
        if (auto) this.advancing.add(scheduleAutoAdvance(this.store, video.id, auto, scheduler));
      },
    };
    this.promises = createSoraPromises(this);
  }

  /** The next execution of `method` (or of any method, for `'*'`) errors with `error`, after the latency. */
  failNext(method: MockSoraMethod | '*', error: SoraError): this {
    this.responder.failNext(method, error);
    return this;
  }

  /** Answers arrive `ms` later on the scheduler (0: synchronously). */
  setLatency(ms: number): this {
    if (!Number.isFinite(ms) || ms < 0) throw new ValidationError('latencyMs', 'must be a number >= 0');
    this.responder.latencyMs = ms;
    return this;
  }

  /** Alias of {@link MockSoraClient.setLatency}. */
  delay(ms: number): this {
    return this.setLatency(ms);
  }

  /** Moves a job (watchers see it at once). Throws `NotFoundError` for an unknown id. */
  setStatus(id: string, status: T.VideoStatus, progress?: number, error?: T.VideoCreateError): T.Video {
    return this.store.setStatus(id, status, progress, error);
  }

  /** Stores a video (queued, with a new id, unless `fields` says otherwise) and returns it. */
  addVideo(fields: Partial<T.Video> = {}): T.Video {
    return this.store.add(fields);
  }

  /** The stored videos, oldest first. */
  videos(): T.Video[] {
    return this.store.all();
  }

  /** The arguments of every call of `method`, in order. */
  callsOf<M extends MockSoraMethod>(method: M): Array<Parameters<SoraClient[M]>> {
    return this.calls.filter((c) => c.method === method).map((c) => c.args as Parameters<SoraClient[M]>);
  }

  /** Stops the auto-advance timers. Idempotent. */
  close(): void {
    this.advancing.unsubscribe();
  }

  readonly createVideo = (params: T.VideoCreateParams, options?: RequestOptions): Observable<T.Video> =>
    this.run('createVideo', [params, options], options, ops.createVideo(this.ctx, params));

  readonly getVideoStatus = (id: string, options?: RequestOptions): Observable<T.Video> =>
    this.run('getVideoStatus', [id, options], options, ops.getVideoStatus(this.ctx, id));

  readonly listVideos = (params?: T.VideoListParams, options?: RequestOptions): Observable<T.Video> =>
    this.run('listVideos', [params, options], options, ops.listVideos(this.ctx, params));

  readonly deleteVideo = (id: string, options?: RequestOptions): Observable<T.VideoDeleted> =>
    this.run('deleteVideo', [id, options], options, ops.deleteVideo(this.ctx, id));

  readonly cancelVideo = (id: string, options?: RequestOptions): Observable<T.VideoDeleted> =>
    this.run('cancelVideo', [id, options], options, ops.deleteVideo(this.ctx, id));

  readonly remixVideo = (id: string, params: T.VideoRemixParams, options?: RequestOptions): Observable<T.Video> =>
    this.run('remixVideo', [id, params, options], options, ops.remixVideo(this.ctx, id, params));

  readonly editVideo = (params: T.VideoEditParams, options?: RequestOptions): Observable<T.Video> =>
    this.run('editVideo', [params, options], options, ops.editVideo(this.ctx, params));

  readonly extendVideo = (params: T.VideoExtendParams, options?: RequestOptions): Observable<T.Video> =>
    this.run('extendVideo', [params, options], options, ops.extendVideo(this.ctx, params));

  readonly createCharacter = (
    params: T.VideoCreateCharacterParams,
    options?: RequestOptions,
  ): Observable<T.VideoCharacter> =>
    this.run('createCharacter', [params, options], options, ops.createCharacter(this.ctx, params));

  readonly getCharacter = (id: string, options?: RequestOptions): Observable<T.VideoCharacter> =>
    this.run('getCharacter', [id, options], options, ops.getCharacter(this.ctx, id));

  readonly downloadVideo = (id: string, options: T.DownloadVideoOptions): Observable<T.DownloadProgress> =>
    this.run('downloadVideo', [id, options], options, ops.downloadVideo(this.ctx, id, options));

  readonly watchVideo = (id: string, options?: T.WatchVideoOptions): Observable<T.Video> =>
    this.run('watchVideo', [id, options], options, ops.watchVideo(this.ctx, id, options));

  readonly generateVideo = (
    params: T.VideoCreateParams,
    options?: T.GenerateVideoOptions,
  ): Observable<T.GenerateVideoEvent> =>
    this.run('generateVideo', [params, options], options, ops.generateVideo(this.ctx, params, options));

  readonly healthCheck = (options?: RequestOptions): Observable<T.HealthStatus> => {
    this.record('healthCheck', [options]);
    return defer(() => {
      const start = this.scheduler.now();
      const latencyMs = (): number => Math.max(0, this.scheduler.now() - start);
      return this.responder
        .respond('healthCheck', options, () => of(null))
        .pipe(
          map((): T.HealthStatus => ({ ok: true, latencyMs: latencyMs() })),
          catchError((e: unknown) => of<T.HealthStatus>({ ok: false, latencyMs: latencyMs(), error: asSoraError(e) })),
        );
    });
  };

  private run<C, R>(
    method: MockSoraMethod,
    args: unknown[],
    options: RequestOptions | undefined,
    operation: MockOperation<C, R>,
  ): Observable<R> {
    this.record(method, args);
    return validated(operation.check, (checked) =>
      this.responder.respond(method, options, () => operation.answer(checked)),
    );
  }

  private record(method: MockSoraMethod, args: unknown[]): void {
    const trimmed = [...args];
    while (trimmed.length > 0 && trimmed[trimmed.length - 1] === undefined) trimmed.pop();
    this.calls.push({ method, args: trimmed } as MockCall);
  }
}

function asSoraError(error: unknown): SoraError {
  if (isSoraError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SoraError(`Health check failed: ${message}`, { code: 'health_check_failed', cause: error });
}
