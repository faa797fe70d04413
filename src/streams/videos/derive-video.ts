import { map, of, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import type { RequestOptions } from '../../config/options.js';
import type { HttpBody } from '../../transport/types.js';
import type { SoraRuntime } from '../runtime-types.js';
import { multipartBody } from './bodies.js';
import type { Video, VideoEditParams, VideoExtendParams, VideoRemixParams, VideoSource } from './types.js';
import { checkPrompt, checkSeconds, checkVideoSource, encodeId, isFileInput } from './validate.js';
import { validated } from './validated.js';
import { bodyAs, parseVideo } from './response-shape.js';

/**
 * `POST /videos/{id}/remix` (JSON, as the official SDK sends it): a new video from a completed one with a new prompt.
 *
 * @example
 * ```ts
 * remixVideo(runtime, 'video_123', { prompt: 'same scene at night' }).subscribe((v) => console.log(v.id));
 * ```
 */
export function remixVideo(
  runtime: SoraRuntime,
  id: string,
  params: VideoRemixParams,
  options?: RequestOptions,
): Observable<Video> {
  return validated(
    () => ({ encoded: encodeId(id, 'id'), prompt: checkPrompt(params?.prompt) }),
    ({ encoded, prompt }) =>
      runtime.operation(
        'remixVideo',
        options,
        (scope) =>
          scope
            .send<Video>(
              {
                method: 'POST',
                path: `/videos/${encoded}/remix`,
                pathTemplate: '/videos/{video_id}/remix',
                body: { kind: 'json', value: { prompt } },
              },
              { idempotent: false },
            )
            .pipe(map((res) => bodyAs(res, parseVideo, 'Video'))),
        { 'sora.video.id': id },
      ),
  );
}

/**
 * `POST /videos/edits`: multipart for a file; the spec's JSON body for `{ id }` (the official SDK sends multipart
 * `video[id]`, but the spec declares no encoding for a nested form field, so a spec validator such as Prism refuses
 * it). Emits the new video.
 *
 * @example
 * ```ts
 * editVideo(runtime, { prompt: 'add rain', video: { id: 'video_123' } }).subscribe((v) => console.log(v.id));
 * ```
 */
export function editVideo(runtime: SoraRuntime, params: VideoEditParams, options?: RequestOptions): Observable<Video> {
  return validated(
    () => ({ prompt: checkPrompt(params?.prompt), video: checkVideoSource(params?.video) }),
    ({ prompt, video }) => postWithSource(runtime, 'editVideo', '/videos/edits', { prompt }, video, options),
  );
}

/**
 * `POST /videos/extensions`: appends a segment of `seconds` to a video; multipart for a file, JSON for `{ id }`.
 *
 * @example
 * ```ts
 * extendVideo(runtime, { prompt: 'keep going', seconds: 4, video: { id: 'video_123' } }).subscribe();
 * ```
 */
export function extendVideo(
  runtime: SoraRuntime,
  params: VideoExtendParams,
  options?: RequestOptions,
): Observable<Video> {
  return validated(
    () => ({
      prompt: checkPrompt(params?.prompt),
      seconds: checkSeconds(params?.seconds, true, runtime.config.validation, 'extend'),
      video: checkVideoSource(params?.video),
    }),
    ({ prompt, seconds, video }) =>
      postWithSource(runtime, 'extendVideo', '/videos/extensions', { prompt, seconds }, video, options),
  );
}

function postWithSource(
  runtime: SoraRuntime,
  name: string,
  path: string,
  fields: Record<string, unknown>,
  video: VideoSource,
  options: RequestOptions | undefined,
): Observable<Video> {
  return runtime.operation(name, options, (scope) => {
    const body$ = isFileInput(video)
      ? multipartBody(fields, { field: 'video', file: video })
      : of<HttpBody>({ kind: 'json', value: { ...fields, video: { id: video.id } } });
    return body$.pipe(
      switchMap((body) => scope.send<Video>({ method: 'POST', path, pathTemplate: path, body }, { idempotent: false })),
      map((res) => bodyAs(res, parseVideo, 'Video')),
    );
  });
}
