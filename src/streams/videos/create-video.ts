import { randomUUID } from 'node:crypto';
import { catchError, defer, map, of, switchMap, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import type { RequestOptions, ValidationMode } from '../../config/options.js';
import { AmbiguousRequestError } from '../../errors/request-errors.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { HttpBody } from '../../transport/types.js';
import type { OperationScope, SoraRuntime } from '../runtime-types.js';
import { multipartBody } from './bodies.js';
import { reconcileCreate, type CreateFingerprint } from './reconcile-create.js';
import type { Video, VideoCreateParams, VideoInputReference } from './types.js';
import { checkModel, checkPrompt, checkSeconds, checkSize, encodeId, isFileInput } from './validate.js';
import { validated } from './validated.js';
import { bodyAs, parseVideo } from './response-shape.js';

/** Validated create parameters. */
export interface CheckedCreate {
  fingerprint: CreateFingerprint;
  reference: VideoInputReference | undefined;
}

/**
 * `POST /videos`: starts a generation job and emits the queued `Video` once. Always multipart/form-data, as the
 * official SDK sends it (an `{ image_url }` / `{ file_id }` reference goes as `input_reference[image_url]` etc.).
 *
 * Never duplicated by a retry, in two layers:
 * 1. every attempt of one call carries the same `Idempotency-Key` header (`sora-rx-<uuid>`; pass your own in
 *    `options.headers` to span processes), so a service that honours it (the emulator does) answers a resend with
 *    the job the first attempt made;
 * 2. the pipeline does not resend a POST whose failure is ambiguous (it errors with `AmbiguousRequestError`). Then
 *    this lists recent videos (newest first, back to the call's start) and adopts one created since then with the same
 *    prompt, model, seconds and size; only when there is none does it send the create again (at most `maxRetries`
 *    times). Each reconciliation is logged at `warn`. For a service that ignores the key, a server that processes
 *    a request only after the client gave up and listed can still yield a second job: that window is inherent.
 *
 * @example
 * ```ts
 * createVideo(runtime, { prompt: 'a red fox in snow', seconds: 8, size: '1280x720' }).subscribe((v) => v.id);
 * ```
 */
export function createVideo(
  runtime: SoraRuntime,
  params: VideoCreateParams,
  options?: RequestOptions,
): Observable<Video> {
  return validated(
    () => checkCreate(params, runtime.config.validation),
    (checked) =>
      runtime.operation('createVideo', options, (scope) =>
        createInScope(scope, checked, options?.maxRetries ?? runtime.config.retry.maxRetries),
      ),
  );
}

/**
 * The create-with-reconciliation loop of {@link createVideo} inside an operation (used by `generateVideo` too).
 *
 * @example
 * ```ts
 * runtime.operation('createVideo', undefined, (scope) => createInScope(scope, checkCreate({ prompt: 'a fox' }), 2));
 * ```
 */
export function createInScope(scope: OperationScope, checked: CheckedCreate, maxRetries: number): Observable<Video> {
  return defer(() => {
    const call: CreateCall = { idempotencyKey: `sora-rx-${randomUUID()}`, startedAt: scope.scheduler.now() };
    return attempt(scope, checked, call, 0, maxRetries);
  });
}

/** What every attempt of one `createVideo` call shares. */
interface CreateCall {
  idempotencyKey: string;
  /** When the first attempt began (epoch ms): reconciliation adopts videos created since then. */
  startedAt: number;
}

function attempt(
  scope: OperationScope,
  checked: CheckedCreate,
  call: CreateCall,
  n: number,
  maxRetries: number,
): Observable<Video> {
  return defer(() => {
    const { startedAt } = call;
    const headers = { 'Idempotency-Key': call.idempotencyKey };
    return createBody(checked).pipe(
      switchMap((body) =>
        scope.send<Video>(
          { method: 'POST', path: '/videos', pathTemplate: '/videos', body, headers },
          { idempotent: false },
        ),
      ),
      map((res) => {
        const video = bodyAs(res, parseVideo, 'Video');
        scope.setAttributes({ 'sora.video.id': video.id });
        return video;
      }),
      catchError((err: unknown) => {
        if (!(err instanceof AmbiguousRequestError)) return throwError(() => err);
        const log = scope.logger;
        log.warn(
          { attempt: n, err: err.toJSON() },
          'createVideo: ambiguous failure, listing recent videos to reconcile',
        );
        return reconcileCreate(scope, checked.fingerprint, startedAt).pipe(
          catchError((listErr: unknown) => {
            log.warn({ err: (listErr as Error).message }, 'createVideo: reconciliation list failed, giving up');
            return throwError(() => err);
          }),
          switchMap((found) => {
            if (found) {
              log.warn({ videoId: found.id, attempt: n }, 'createVideo: adopted the video the failed attempt created');
              scope.setAttributes({ 'sora.video.id': found.id, 'sora.create.reconciled': true });
              return of(found);
            }
            if (n >= maxRetries) {
              log.warn({ attempt: n }, 'createVideo: not created and no retries left');
              return throwError(() => err);
            }
            log.warn({ attempt: n + 1 }, 'createVideo: not created, sending the create again');
            return attempt(scope, checked, call, n + 1, maxRetries);
          }),
        );
      }),
    );
  });
}

function createBody(checked: CheckedCreate): Observable<HttpBody> {
  const { reference, fingerprint } = checked;
  const fields = { ...fingerprint };
  if (reference === undefined) return multipartBody(fields);
  if (isFileInput(reference)) return multipartBody(fields, { field: 'input_reference', file: reference });
  return multipartBody({ ...fields, input_reference: reference });
}

/**
 * Validates create parameters by form, or by OpenAI's values too with `mode` `'openai'` (throws `ValidationError`
 * naming the field), and converts `seconds` to a string.
 *
 * @example
 * ```ts
 * checkCreate({ prompt: 'a fox', seconds: 8 }).fingerprint.seconds; // '8'
 * ```
 */
export function checkCreate(params: VideoCreateParams, mode: ValidationMode = 'form'): CheckedCreate {
  if (typeof params !== 'object' || params === null) throw new ValidationError('params', 'must be an object');
  const fingerprint: CreateFingerprint = {
    prompt: checkPrompt(params.prompt),
    model: checkModel(params.model),
    seconds: checkSeconds(params.seconds, false, mode),
    size: checkSize(params.size, mode),
  };
  const ref = params.input_reference;
  if (ref !== undefined && !isFileInput(ref)) checkImageReference(ref);
  return { fingerprint, reference: ref };
}

function checkImageReference(ref: unknown): void {
  const field = 'input_reference';
  if (typeof ref !== 'object' || ref === null)
    throw new ValidationError(field, 'must be a file or { image_url } / { file_id }');
  const { image_url, file_id } = ref as { image_url?: unknown; file_id?: unknown };
  const hasUrl = image_url !== undefined;
  const hasFile = file_id !== undefined;
  if (hasUrl === hasFile) throw new ValidationError(field, 'give exactly one of image_url or file_id (or a file)');
  if (hasUrl && (typeof image_url !== 'string' || image_url.length === 0 || image_url.length > 20_971_520)) {
    throw new ValidationError(`${field}.image_url`, 'must be a non-empty URL or data URL');
  }
  if (hasFile) encodeId(file_id, `${field}.file_id`);
}
