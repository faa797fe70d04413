import { ApiError, invalidParam, notFound } from './errors.js';
import { dialectParam } from './dialect-shape.js';
import type { StoredVideo } from './lifecycle.js';
import { phaseAt } from './lifecycle.js';
import { failureFor } from './options.js';
import { inputReferenceParam, stringParam, videoRefParam, wrongType } from './params.js';
import { jsonReply, newVideoFields, type HandlerContext, type Reply } from './state.js';

const PROMPT_RULE = { required: true, min: 1, max: 32000 } as const;

/** Looks up a source video that must exist and be completed (remix, edit, extend). */
function completedSource(ctx: HandlerContext, id: string, param: string): StoredVideo {
  const source = ctx.state.videos.getStored(id);
  if (source === undefined) throw notFound(`Video with id '${id}' not found.`, param);
  const { status } = phaseAt(source, ctx.state.options.clock.now());
  if (status !== 'completed') {
    throw invalidParam(
      param,
      `Video '${id}' is not completed (status: ${status}). Only completed videos can be used as a source.`,
      'invalid_value',
    );
  }
  return source;
}

/**
 * Stores a new job. A repeated `Idempotency-Key` (as a client resends a create whose answer it lost) gets the job
 * the first request created, not a second, billable one.
 */
function store(
  ctx: HandlerContext,
  fields: Parameters<typeof newVideoFields>[1],
  remixedFromVideoId: string | null,
): Reply {
  const { options, videos, idempotencyKeys } = ctx.state;
  const key = ctx.idempotencyKey;
  const earlier = key === undefined ? undefined : idempotencyKeys.get(key);
  if (earlier !== undefined && videos.get(earlier) !== undefined) return jsonReply(videos.get(earlier));
  const stored = videos.add({
    ...newVideoFields(options, fields),
    remixedFromVideoId,
    failure: failureFor(options.failPrompts, fields.prompt),
  });
  if (key !== undefined) idempotencyKeys.set(key, stored.id);
  return jsonReply(videos.get(stored.id));
}

/** A dialect whose create reads form fields only refuses any other body, as FastAPI does (422, `prompt` missing). */
function requireForm(ctx: HandlerContext): void {
  if (ctx.state.options.dialect.createBodies !== 'multipart' || ctx.body.kind === 'multipart') return;
  throw new ApiError(422, {
    message: `Field required: prompt (this service reads multipart/form-data fields; the body was ${ctx.body.kind}).`,
    type: 'invalid_request_error',
    param: 'prompt',
    code: 'missing',
  });
}

/** POST /videos (JSON or multipart; multipart only in a form-only dialect such as vLLM-Omni). */
export function createVideo(ctx: HandlerContext): Reply {
  requireForm(ctx);
  const { params } = ctx.body;
  const prompt = stringParam(params, 'prompt', PROMPT_RULE)!;
  const model = params['model'] ?? 'sora-2';
  if (typeof model !== 'string' || model === '') throw wrongType('model', 'a non-empty string', model);
  const { dialect } = ctx.state.options;
  const seconds = dialectParam(params, 'seconds', dialect.seconds) ?? '4';
  const size = dialectParam(params, 'size', dialect.sizes) ?? '720x1280';
  inputReferenceParam(params, ctx.body.kind === 'multipart');
  return store(ctx, { id: dialect.newVideoId(model), model, prompt, size, seconds }, null);
}

/** POST /videos/{video_id}/remix: a new job from a completed video, with `remixed_from_video_id`. */
export function remixVideo(ctx: HandlerContext): Reply {
  const sourceId = ctx.params['video_id']!;
  const prompt = stringParam(ctx.body.params, 'prompt', PROMPT_RULE)!;
  const source = completedSource(ctx, sourceId, 'video_id');
  const id = ctx.state.options.dialect.newVideoId(source.model);
  const fields = { id, model: source.model, prompt, size: source.size, seconds: source.seconds };
  return store(ctx, fields, source.id);
}

/** POST /videos/edits: a new job editing a completed video (`video: {id}`) or an uploaded clip. */
export function editVideo(ctx: HandlerContext): Reply {
  const { params, kind } = ctx.body;
  const ref = videoRefParam(params, kind === 'multipart');
  const prompt = stringParam(params, 'prompt', PROMPT_RULE)!;
  const source = ref.kind === 'id' ? completedSource(ctx, ref.id, 'video') : undefined;
  const fields = {
    id: ctx.state.options.dialect.newVideoId(source?.model ?? 'sora-2'),
    model: source?.model ?? 'sora-2',
    prompt,
    size: source?.size ?? '720x1280',
    seconds: source?.seconds ?? '4',
  };
  return store(ctx, fields, null);
}

/** POST /videos/extensions: `seconds` of new footage; the result's `seconds` is the stitched total. */
export function extendVideo(ctx: HandlerContext): Reply {
  const { params, kind } = ctx.body;
  const ref = videoRefParam(params, kind === 'multipart');
  const prompt = stringParam(params, 'prompt', PROMPT_RULE)!;
  const seconds = dialectParam(params, 'seconds', ctx.state.options.dialect.extendSeconds, true)!;
  const source = ref.kind === 'id' ? completedSource(ctx, ref.id, 'video') : undefined;
  if (ref.kind === 'file' && ref.file.data.length === 0) {
    throw new ApiError(400, {
      message: "Invalid 'video': the file is empty.",
      type: 'invalid_request_error',
      param: 'video',
      code: 'invalid_value',
    });
  }
  const total = String(Number(source?.seconds ?? '0') + Number(seconds));
  const fields = {
    id: ctx.state.options.dialect.newVideoId(source?.model ?? 'sora-2'),
    model: source?.model ?? 'sora-2',
    prompt,
    size: source?.size ?? '720x1280',
    seconds: total,
    renderSeconds: seconds,
  };
  return store(ctx, fields, null);
}
