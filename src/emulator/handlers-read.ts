import { EMULATOR_ASSETS } from './assets/media.js';
import { invalidParam, notFound } from './errors.js';
import { isExpired, phaseAt } from './lifecycle.js';
import { enumParam, limitParam, ORDERS, VARIANTS } from './params.js';
import { jsonReply, type HandlerContext, type Reply } from './state.js';

/** Default page size of GET /videos (the API documents none). */
export const DEFAULT_LIST_LIMIT = 20;

function videoNotFound(id: string) {
  return notFound(`Video with id '${id}' not found.`, 'video_id');
}

/** GET /videos/{video_id}; adds `openai-poll-after-ms` while running when `pollAfterMs` is set. */
export function retrieveVideo(ctx: HandlerContext): Reply {
  const id = ctx.params['video_id']!;
  const video = ctx.state.videos.get(id);
  if (video === undefined) throw videoNotFound(id);
  const { pollAfterMs } = ctx.state.options;
  const running = video.status === 'queued' || video.status === 'in_progress';
  return jsonReply(
    video,
    pollAfterMs !== undefined && running ? { 'openai-poll-after-ms': String(pollAfterMs) } : undefined,
  );
}

/** GET /videos?after&limit&order (newest first by default). */
export function listVideos(ctx: HandlerContext): Reply {
  const limit = limitParam(ctx.query, DEFAULT_LIST_LIMIT);
  const order = enumParam(ctx.query, 'order', ORDERS) ?? 'desc';
  const after = ctx.query['after'];
  return jsonReply(ctx.state.videos.page(after === '' ? undefined : after, limit, order));
}

/** DELETE /videos/{video_id}: any status may be deleted (the API does not document otherwise). */
export function deleteVideo(ctx: HandlerContext): Reply {
  const id = ctx.params['video_id']!;
  if (!ctx.state.videos.delete(id)) throw videoNotFound(id);
  return jsonReply({ object: 'video.deleted', deleted: true, id });
}

/** GET /videos/{video_id}/content?variant: the asset bytes once completed; 400 before, 404 once expired. */
export function downloadContent(ctx: HandlerContext): Reply {
  const id = ctx.params['video_id']!;
  const variant = enumParam(ctx.query, 'variant', VARIANTS) ?? 'video';
  const video = ctx.state.videos.getStored(id);
  if (video === undefined) throw videoNotFound(id);
  const now = ctx.state.options.clock.now();
  const { status } = phaseAt(video, now);
  if (status !== 'completed') {
    throw invalidParam(
      null,
      `Video '${id}' is not ready: its status is '${status}'. Content can be downloaded once the status is 'completed'.`,
    );
  }
  if (isExpired(video, now)) throw notFound(`The content of video '${id}' has expired.`, 'video_id');
  const asset = EMULATOR_ASSETS[variant];
  return { status: 200, contentType: asset.contentType, body: asset.bytes };
}
