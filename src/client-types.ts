import type { Observable } from 'rxjs';
import type { RequestOptions, ResolvedConfig } from './config/options.js';
import type {
  DownloadProgress,
  DownloadVideoOptions,
  GenerateVideoEvent,
  GenerateVideoOptions,
  HealthStatus,
  Video,
  VideoCharacter,
  VideoCreateCharacterParams,
  VideoCreateParams,
  VideoDeleted,
  VideoEditParams,
  VideoExtendParams,
  VideoListAllParams,
  VideoListParams,
  VideoRemixParams,
  WatchVideoOptions,
} from './streams/videos/types.js';

/**
 * The Videos API as cold Observables. Nothing is sent until you subscribe; unsubscribing aborts.
 * Invalid input errors with `ValidationError` (no request is sent).
 *
 * @example
 * ```ts
 * const sora = createSoraClient({ apiKey: process.env.OPENAI_API_KEY });
 * sora.generateVideo({ prompt: 'a red fox in snow', seconds: 8 }, { download: { destination: 'fox.mp4' } })
 *   .subscribe((e) => console.log(e.type, e.video.progress));
 * ```
 */
export interface SoraClient {
  /** The resolved configuration (no secrets are logged from it). */
  readonly config: ResolvedConfig;
  /** The same operations as Promises. */
  readonly promises: SoraPromises;
  /**
   * Closes the client for good (idempotent): running operations and watches error with a `CancelledError` of
   * code `client_closed` (their in-flight requests are aborted, nothing more is sent), later calls fail the same
   * way at once without sending anything, and the keep-alive sockets of the built-in transport are released.
   * @example sora.close();
   */
  close(): void;

  /**
   * `POST /videos`: starts a job; emits the `Video` once. Never duplicated by a retry: an ambiguous failure is
   * reconciled by listing recent videos before sending again.
   * @example sora.createVideo({ prompt: 'a fox', seconds: 8, size: '1280x720' }).subscribe((v) => console.log(v.id));
   */
  createVideo(params: VideoCreateParams, options?: RequestOptions): Observable<Video>;
  /**
   * `GET /videos/{id}`: emits the `Video` once.
   * @example sora.getVideoStatus('video_123').subscribe((v) => console.log(v.status, v.progress));
   */
  getVideoStatus(id: string, options?: RequestOptions): Observable<Video>;
  /**
   * `GET /videos`: emits every video, page after page, lazily (one page in flight, none prefetched).
   * @example sora.listVideos({ limit: 20, order: 'desc' }).pipe(take(5)).subscribe((v) => console.log(v.id));
   */
  listVideos(params?: VideoListParams, options?: RequestOptions): Observable<Video>;
  /**
   * `DELETE /videos/{id}`: deletes a video and its assets.
   * @example sora.deleteVideo('video_123').subscribe((d) => console.log(d.deleted));
   */
  deleteVideo(id: string, options?: RequestOptions): Observable<VideoDeleted>;
  /**
   * Stops a job on the server (`DELETE /videos/{id}`, span `sora.cancelVideo`). Unsubscribing from a watch only
   * stops local work; this ends the server job.
   * @example sora.cancelVideo('video_123').subscribe();
   */
  cancelVideo(id: string, options?: RequestOptions): Observable<VideoDeleted>;
  /**
   * `POST /videos/{id}/remix` (JSON): emits the new `Video`.
   * @example sora.remixVideo('video_123', { prompt: 'same, at night' }).subscribe((v) => console.log(v.id));
   */
  remixVideo(id: string, params: VideoRemixParams, options?: RequestOptions): Observable<Video>;
  /**
   * `POST /videos/edits`: JSON for `{ id }`, multipart for a file. Emits the new `Video`.
   * @example sora.editVideo({ prompt: 'add rain', video: { id: 'video_123' } }).subscribe();
   */
  editVideo(params: VideoEditParams, options?: RequestOptions): Observable<Video>;
  /**
   * `POST /videos/extensions`: JSON for `{ id }`, multipart for a file. Emits the new `Video`.
   * @example sora.extendVideo({ prompt: 'keep going', seconds: 4, video: { id: 'video_123' } }).subscribe();
   */
  extendVideo(params: VideoExtendParams, options?: RequestOptions): Observable<Video>;
  /**
   * `POST /videos/characters` (multipart): emits the character.
   * @example sora.createCharacter({ name: 'Rex', video: { path: './rex.mp4' } }).subscribe((c) => console.log(c.id));
   */
  createCharacter(params: VideoCreateCharacterParams, options?: RequestOptions): Observable<VideoCharacter>;
  /**
   * `GET /videos/characters/{id}`: emits the character.
   * @example sora.getCharacter('char_123').subscribe((c) => console.log(c.name));
   */
  getCharacter(id: string, options?: RequestOptions): Observable<VideoCharacter>;
  /**
   * `GET /videos/{id}/content`: streams to a path (atomic `.part` + rename) or a `Writable`, with backpressure;
   * emits progress, the last one with `done: true`. A truncated body errors; no partial file is left.
   * @example sora.downloadVideo('video_123', { destination: 'out.mp4' }).subscribe((p) => console.log(p.bytesWritten));
   */
  downloadVideo(id: string, options: DownloadVideoOptions): Observable<DownloadProgress>;
  /**
   * Polls `GET /videos/{id}`: emits the first state, then each change of status or progress; completes after
   * `completed`, errors with `VideoGenerationFailedError` on `failed` and `TimeoutError` past `deadlineMs`.
   * @example sora.watchVideo('video_123', { intervalMs: 2000 }).subscribe((v) => console.log(v.progress));
   */
  watchVideo(id: string, options?: WatchVideoOptions): Observable<Video>;
  /**
   * Create, watch, then optionally download. Unsubscribing stops local work only; use `cancelVideo` to stop the
   * server job.
   * @example sora.generateVideo({ prompt: 'a fox' }, { download: { destination: 'fox.mp4' } }).subscribe(console.log);
   */
  generateVideo(params: VideoCreateParams, options?: GenerateVideoOptions): Observable<GenerateVideoEvent>;
  /**
   * `GET /videos?limit=1`: emits `{ ok, latencyMs, error? }` once; never errors.
   * @example sora.healthCheck().subscribe((h) => console.log(h.ok, h.latencyMs));
   */
  healthCheck(options?: RequestOptions): Observable<HealthStatus>;
}

/**
 * The same operations as Promises (same validation and errors).
 *
 * @example
 * ```ts
 * const video = await sora.promises.createVideo({ prompt: 'a fox' });
 * const done = await sora.promises.watchVideo(video.id);
 * ```
 */
export interface SoraPromises {
  /** @example const v = await sora.promises.createVideo({ prompt: 'a fox' }); */
  createVideo(params: VideoCreateParams, options?: RequestOptions): Promise<Video>;
  /** @example const v = await sora.promises.getVideoStatus('video_123'); */
  getVideoStatus(id: string, options?: RequestOptions): Promise<Video>;
  /** All videos (following cursors), or up to `max`. @example const all = await sora.promises.listVideos({ max: 50 }); */
  listVideos(params?: VideoListAllParams, options?: RequestOptions): Promise<Video[]>;
  /** @example await sora.promises.deleteVideo('video_123'); */
  deleteVideo(id: string, options?: RequestOptions): Promise<VideoDeleted>;
  /** @example await sora.promises.cancelVideo('video_123'); */
  cancelVideo(id: string, options?: RequestOptions): Promise<VideoDeleted>;
  /** @example const v = await sora.promises.remixVideo('video_123', { prompt: 'at night' }); */
  remixVideo(id: string, params: VideoRemixParams, options?: RequestOptions): Promise<Video>;
  /** @example const v = await sora.promises.editVideo({ prompt: 'rain', video: { id: 'video_123' } }); */
  editVideo(params: VideoEditParams, options?: RequestOptions): Promise<Video>;
  /** @example const v = await sora.promises.extendVideo({ prompt: 'more', seconds: 4, video: { id: 'video_1' } }); */
  extendVideo(params: VideoExtendParams, options?: RequestOptions): Promise<Video>;
  /** @example const c = await sora.promises.createCharacter({ name: 'Rex', video: { path: 'rex.mp4' } }); */
  createCharacter(params: VideoCreateCharacterParams, options?: RequestOptions): Promise<VideoCharacter>;
  /** @example const c = await sora.promises.getCharacter('char_123'); */
  getCharacter(id: string, options?: RequestOptions): Promise<VideoCharacter>;
  /** Resolves with the final progress. @example await sora.promises.downloadVideo('video_1', { destination: 'a.mp4' }); */
  downloadVideo(id: string, options: DownloadVideoOptions): Promise<DownloadProgress>;
  /** Resolves with the completed video. @example const v = await sora.promises.watchVideo('video_123'); */
  watchVideo(id: string, options?: WatchVideoOptions): Promise<Video>;
  /** Resolves with the last event. @example const e = await sora.promises.generateVideo({ prompt: 'a fox' }); */
  generateVideo(params: VideoCreateParams, options?: GenerateVideoOptions): Promise<GenerateVideoEvent>;
  /** @example const { ok } = await sora.promises.healthCheck(); */
  healthCheck(options?: RequestOptions): Promise<HealthStatus>;
}
