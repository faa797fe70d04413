import { concat, concatMap, last, map, of, skipWhile, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import { ValidationError } from '../../errors/validation-error.js';
import type { OperationScope, SoraRuntime } from '../runtime-types.js';
import { checkCreate, createInScope } from './create-video.js';
import { checkDestination, downloadInScope, transferRetry, type TransferRetry } from './download-video.js';
import type {
  DownloadDestination,
  DownloadProgress,
  GenerateDownloadOptions,
  GenerateVideoEvent,
  GenerateVideoOptions,
  Video,
  VideoContentVariant,
  VideoCreateParams,
} from './types.js';
import { checkVariant, encodeId } from './validate.js';
import { validated } from './validated.js';
import { resolveSchedule } from './watch-schedule.js';
import { pollVideo } from './watch-video.js';
import { videoPhase } from './video-phase.js';

/**
 * Create, watch, then optionally download, as one operation (span `sora.generateVideo`). Emits `created`, then
 * `progress` for each watched change, `completed`, then `downloaded` (path and bytes; the thumbnail too when
 * asked) and completes. A failed job errors with `VideoGenerationFailedError`.
 *
 * Unsubscribing (or `signal` / `cancel$`) stops local work only: polling and downloads stop, a partial file is
 * removed, but the job keeps running on the server. To stop the server job, call `cancelVideo(id)` with the id
 * from the `created` event.
 *
 * @example
 * ```ts
 * generateVideo(runtime, { prompt: 'a fox', seconds: 8 }, { download: { destination: 'fox.mp4' } })
 *   .subscribe((e) => console.log(e.type, e.video.status, e.video.progress));
 * ```
 */
export function generateVideo(
  runtime: SoraRuntime,
  params: VideoCreateParams,
  options?: GenerateVideoOptions,
): Observable<GenerateVideoEvent> {
  return validated(
    () => ({
      create: checkCreate(params, runtime.config.validation),
      schedule: resolveSchedule(options?.watch),
      download: checkGenerateDownload(options?.download),
    }),
    ({ create, schedule, download }) =>
      runtime.operation('generateVideo', options, (scope) => {
        const restart = transferRetry(runtime.config.retry, options?.maxRetries, runtime.config.idleTimeoutMs);
        return createInScope(scope, create, restart.maxRetries).pipe(
          switchMap((created) => {
            scope.setAttributes({ 'sora.video.id': created.id });
            const encoded = encodeId(created.id);
            const aliases = runtime.config.statusAliases;
            const done = (v: Video): boolean => videoPhase(v.status, aliases) === 'completed';
            // The create response is the watch's first state: no retrieve for it; the next poll is due by the schedule.
            const watched$ = pollVideo(runtime, created.id, encoded, schedule, options, {
              initial: created,
              watcherContext: scope.parentContext,
            }).pipe(
              // The first watched state repeats `created` unless the job moved on (the poller already held a newer
              // state); a job already terminal at creation (an instant job, or a reconciled create that finished
              // meanwhile) still yields its `completed` event.
              skipWhile(
                (v, i) => i === 0 && v.status === created.status && v.progress === created.progress && !done(v),
              ),
              map((video): GenerateVideoEvent => ({
                type: done(video) ? 'completed' : 'progress',
                video,
              })),
            );
            const withDownload$ = watched$.pipe(
              concatMap((event) =>
                event.type === 'completed' && download
                  ? concat(of(event), downloadAll(scope, encoded, event.video, download, restart))
                  : of(event),
              ),
            );
            return concat(of<GenerateVideoEvent>({ type: 'created', video: created }), withDownload$);
          }),
        );
      }),
  );
}

function downloadAll(
  scope: OperationScope,
  encodedId: string,
  video: Video,
  download: GenerateDownloadOptions,
  restart: TransferRetry,
): Observable<GenerateVideoEvent> {
  return downloadedEvent(video, download, (variant, destination) =>
    downloadInScope(scope, encodedId, variant, destination, restart),
  );
}

/**
 * Downloads the asset, then the thumbnail when asked, and emits the one `downloaded` event (shared with
 * `MockSoraClient`, which passes its in-memory writer as `fetch`).
 *
 * @example
 * ```ts
 * downloadedEvent(video, { destination: 'fox.mp4' }, (variant, dest) => downloadInScope(scope, id, variant, dest));
 * ```
 */
export function downloadedEvent(
  video: Video,
  download: GenerateDownloadOptions,
  fetch: (variant: VideoContentVariant | undefined, destination: DownloadDestination) => Observable<DownloadProgress>,
): Observable<GenerateVideoEvent> {
  return fetch(download.variant, download.destination).pipe(
    last(),
    switchMap((main) => {
      const event = (thumbnail?: { path: string; bytes: number }): GenerateVideoEvent => ({
        type: 'downloaded',
        video,
        path: main.path,
        bytes: main.bytesWritten,
        ...(thumbnail ? { thumbnail } : {}),
      });
      const thumbPath = download.thumbnail;
      if (thumbPath === undefined) return of(event());
      return fetch('thumbnail', thumbPath).pipe(
        last(),
        map((t) => event({ path: thumbPath, bytes: t.bytesWritten })),
      );
    }),
  );
}

/**
 * Validates the `download` option of `generateVideo` (`download.destination`, `variant`, `download.thumbnail`).
 *
 * @example
 * ```ts
 * checkGenerateDownload({ destination: 'fox.mp4' }); // { destination: 'fox.mp4', variant: undefined, thumbnail: undefined }
 * ```
 */
export function checkGenerateDownload(
  download: GenerateDownloadOptions | undefined,
): GenerateDownloadOptions | undefined {
  if (download === undefined) return undefined;
  if (typeof download !== 'object' || download === null) throw new ValidationError('download', 'must be an object');
  const destination = checkDestination(download.destination, 'download.destination');
  const variant = checkVariant(download.variant);
  if (download.thumbnail !== undefined) checkDestination(download.thumbnail, 'download.thumbnail');
  if (download.thumbnail !== undefined && typeof download.thumbnail !== 'string') {
    throw new ValidationError('download.thumbnail', 'must be a file path');
  }
  return { destination, variant, thumbnail: download.thumbnail };
}
