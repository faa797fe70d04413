import { defer, of } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import type { ValidationMode } from '../config/options.js';
import { ValidationError } from '../errors/validation-error.js';
import type { StatusAliases } from '../streams/videos/video-phase.js';
import { checkCreate, type CheckedCreate } from '../streams/videos/create-video.js';
import { checkDestination } from '../streams/videos/download-video.js';
import type * as T from '../streams/videos/types.js';
import { checkCharacterName, checkListParams, checkPrompt, checkSeconds } from '../streams/videos/validate.js';
import { checkVariant, checkVideoSource, encodeId, isFileInput } from '../streams/videos/validate.js';
import { resolveSchedule } from '../streams/videos/watch-schedule.js';
import { MOCK_CONTENT } from './fixtures.js';
import { writeMockContent } from './mock-download.js';
import { checkGenerateDownload } from '../streams/videos/generate-video.js';
import { generateStoredVideo } from './mock-generate.js';
import { paginateMock } from './mock-list.js';
import type { MockResponder } from './mock-responder.js';
import type { MockVideoStore } from './mock-store.js';
import { watchStoredVideo } from './mock-watch.js';

/** What the mock operations run on. @example mockOperations.getVideoStatus(ctx, 'video_1'); */
export interface MockContext {
  store: MockVideoStore;
  scheduler: SchedulerLike;
  responder: MockResponder;
  /** Receives the parameters of every page `listVideos` fetches. */
  pageRequests: T.VideoListParams[];
  /** Called with every new job (starts auto-advance). */
  startJob: (video: T.Video) => void;
  /** The client's `validation` mode (the real checks run with it). @default 'form' */
  validation?: ValidationMode;
  /** The client's status table (`statusAliases` merged over `STATUS_ALIASES`). */
  statusAliases?: StatusAliases;
}

/** An operation of the mock: the real validation (`check`, at subscription) and the in-memory answer. @example const { check, answer } = op; */
export interface MockOperation<C, R> {
  check: () => C;
  answer: (checked: C) => Observable<R>;
}

const op = <C, R>(check: () => C, answer: (checked: C) => Observable<R>): MockOperation<C, R> => ({ check, answer });
const NOT_SOURCE = 'Only completed videos can be used as a source.';

/**
 * The validation and in-memory behaviour of each `SoraClient` operation of `MockSoraClient`; validation reuses
 * the real client's checks so bad input fails the same way.
 *
 * @example
 * ```ts
 * const { check, answer } = mockOperations.getVideoStatus(ctx, 'video_1');
 * answer(check()).subscribe(console.log);
 * ```
 */
export const mockOperations = {
  createVideo: (ctx: MockContext, params: T.VideoCreateParams) =>
    op(
      () => checkCreate(params, ctx.validation),
      (c) => of(createJob(ctx, c)),
    ),
  getVideoStatus: (ctx: MockContext, id: string) =>
    op(
      () => encodeId(id, 'id'),
      () => of(ctx.store.get(id)),
    ),
  listVideos: (ctx: MockContext, params: T.VideoListParams | undefined) =>
    op(
      () => checkListParams(params),
      (checked) =>
        paginateMock(checked, (page, index) => {
          const fetch = (): Observable<T.VideoList> => {
            ctx.pageRequests.push(page);
            return of(ctx.store.page(page));
          };
          return index === 0 ? defer(fetch) : ctx.responder.delayed(fetch);
        }),
    ),
  deleteVideo: (ctx: MockContext, id: string) =>
    op(
      () => encodeId(id, 'id'),
      (): Observable<T.VideoDeleted> => {
        ctx.store.delete(id);
        return of({ id, object: 'video.deleted', deleted: true });
      },
    ),
  remixVideo: (ctx: MockContext, id: string, params: T.VideoRemixParams) =>
    op(
      () => ({ encoded: encodeId(id, 'id'), prompt: checkPrompt(params?.prompt) }),
      ({ prompt }) => of(deriveJob(ctx, { id }, { prompt, remixed_from_video_id: id }, undefined, 'video_id')),
    ),
  editVideo: (ctx: MockContext, params: T.VideoEditParams) =>
    op(
      () => ({ prompt: checkPrompt(params?.prompt), video: checkVideoSource(params?.video) }),
      ({ prompt, video }) => of(deriveJob(ctx, video, { prompt })),
    ),
  extendVideo: (ctx: MockContext, params: T.VideoExtendParams) =>
    op(
      () => ({
        prompt: checkPrompt(params?.prompt),
        seconds: checkSeconds(params?.seconds, true, ctx.validation, 'extend') ?? '4',
        video: checkVideoSource(params?.video),
      }),
      ({ prompt, seconds, video }) =>
        of(deriveJob(ctx, video, { prompt }, (from) => String(Number(from?.seconds ?? 0) + Number(seconds)))),
    ),
  createCharacter: (ctx: MockContext, params: T.VideoCreateCharacterParams) =>
    op(
      () => {
        const name = checkCharacterName(params?.name);
        if (!isFileInput(params?.video)) {
          throw new ValidationError('video', 'must be a file ({ path }, Buffer, Uint8Array, Blob)');
        }
        return name;
      },
      (name): Observable<T.VideoCharacter> => of(ctx.store.addCharacter(name)),
    ),
  getCharacter: (ctx: MockContext, id: string) =>
    op(
      () => encodeId(id, 'id'),
      () => of(ctx.store.getCharacter(id)),
    ),
  downloadVideo: (ctx: MockContext, id: string, options: T.DownloadVideoOptions) =>
    op(
      () => ({
        encoded: encodeId(id, 'id'),
        variant: checkVariant(options?.variant) ?? 'video',
        destination: checkDestination(options?.destination),
      }),
      ({ variant, destination }) => {
        ctx.store.getCompleted(id, null, 'Content can be downloaded once the status is completed.');
        return writeMockContent(destination, MOCK_CONTENT[variant]);
      },
    ),
  watchVideo: (ctx: MockContext, id: string, options: T.WatchVideoOptions | undefined) =>
    op(
      () => ({ encoded: encodeId(id, 'id'), schedule: resolveSchedule(options) }),
      ({ schedule }) => watchStoredVideo(ctx.store, id, schedule, ctx.scheduler, ctx.statusAliases),
    ),
  generateVideo: (ctx: MockContext, params: T.VideoCreateParams, options: T.GenerateVideoOptions | undefined) =>
    op(
      () => ({
        create: checkCreate(params, ctx.validation),
        schedule: resolveSchedule(options?.watch),
        download: checkGenerateDownload(options?.download),
      }),
      ({ create, schedule, download }) =>
        generateStoredVideo(
          { store: ctx.store, scheduler: ctx.scheduler, create: (c) => createJob(ctx, c), aliases: ctx.statusAliases },
          create,
          schedule,
          download,
        ),
    ),
};

function createJob(ctx: MockContext, checked: CheckedCreate): T.Video {
  const { prompt, model, seconds, size } = checked.fingerprint;
  const video = ctx.store.add({
    prompt,
    model: model ?? 'sora-2',
    seconds: seconds ?? '4',
    size: (size ?? '720x1280') as T.VideoSize,
  });
  ctx.startJob(video);
  return video;
}

function deriveJob(
  ctx: MockContext,
  source: T.VideoSource,
  fields: Partial<T.Video>,
  seconds?: (from: T.Video | undefined) => string,
  param = 'video',
): T.Video {
  const from = 'id' in source ? ctx.store.getCompleted(source.id, param, NOT_SOURCE) : undefined;
  const base: Partial<T.Video> = from ? { model: from.model, size: from.size, seconds: from.seconds } : {};
  const video = ctx.store.add({ ...base, ...fields, ...(seconds ? { seconds: seconds(from) } : {}) });
  ctx.startJob(video);
  return video;
}
