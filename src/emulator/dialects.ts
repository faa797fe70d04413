/**
 * Emulator dialects: how each Videos-API-compatible service differs from OpenAI on the wire (base path, auth,
 * ids, accepted values, the Video object, statuses, error envelopes, content headers). Facts from the services'
 * public source and docs (see the emulator README). Imports only Node built-ins and emulator files.
 */
import { randomHex } from './ids.js';
import type { ErrorBody } from './errors.js';
import type { EmulatorDialect, VideoResource } from './types.js';

/** Where a shaped Video goes: a create/remix/edit/extend answer, a retrieve, or a list item. */
export type VideoContext = 'create' | 'retrieve' | 'list';

/** How one dialect differs; `shapeVideo` / `shapeError` are pure functions of the OpenAI-shaped values. */
export interface Dialect {
  readonly name: EmulatorDialect;
  /** Path prefix the API is served under. */
  readonly basePath: string;
  /** Which auth headers count: `Authorization: Bearer` only, or also `api-key`. */
  readonly auth: 'bearer' | 'bearer-or-api-key';
  /** A new video id. */
  newVideoId(model: string): string;
  /** Accepted create `seconds`: a list of values, or a pattern. */
  readonly seconds: readonly string[] | RegExp;
  /** Accepted extension `seconds`. */
  readonly extendSeconds: readonly string[] | RegExp;
  /** Accepted `size`. */
  readonly sizes: readonly string[] | RegExp;
  /** Body encodings `POST /videos` accepts: OpenAI's both, or form fields only (a FastAPI `Form(...)` endpoint). */
  readonly createBodies: 'json-or-multipart' | 'multipart';
  /** The wire Video for this dialect. */
  shapeVideo(video: VideoResource, context: VideoContext): Record<string, unknown>;
  /** The wire error body for this dialect. */
  shapeError(status: number, body: ErrorBody): unknown;
  /** Extra headers (and a content type override) of a content download; `video` forces the MP4 for every variant. */
  content?(id: string, variant: string): { headers: Record<string, string>; forceVideo?: boolean };
}

const OPENAI_SECONDS = ['4', '8', '12'] as const;
const OPENAI_EXTEND_SECONDS = ['4', '8', '12', '16', '20'] as const;
const OPENAI_SIZES = ['720x1280', '1280x720', '1024x1792', '1792x1024'] as const;
const ANY_SIZE = /^[1-9]\d*x[1-9]\d*$/;
const ANY_SECONDS = /^[1-9]\d*$/;
const openaiId = (): string => `video_${randomHex(16)}`;
const dropNulls = (value: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));

const openai: Dialect = {
  name: 'openai',
  basePath: '/v1',
  auth: 'bearer-or-api-key',
  newVideoId: openaiId,
  seconds: OPENAI_SECONDS,
  extendSeconds: OPENAI_EXTEND_SECONDS,
  sizes: OPENAI_SIZES,
  createBodies: 'json-or-multipart',
  shapeVideo: (video) => ({ ...video }),
  shapeError: (_status, body) => ({ error: body }),
};

/**
 * LiteLLM proxy in front of Gemini/Veo (`litellm/types/videos/main.py`, `llms/gemini/videos`): ids are `video_` +
 * standard base64 of the routing string (with `+`, `/`, `=`); status `processing` while rendering; no `progress`
 * and no `prompt`; status calls return `id`, `object`, `status` (plus `error` when failed); extra `usage`;
 * errors in the OpenAI envelope with `code` = the HTTP status as a string; content always `video/mp4` with
 * `Content-Disposition`.
 */
const litellm: Dialect = {
  name: 'litellm',
  basePath: '/v1',
  auth: 'bearer',
  newVideoId: (model) => {
    const routing = `litellm:custom_llm_provider:gemini;model_id:${model};video_id:operations/${randomHex(6)}`;
    // `???` and `?>~` encode to `Pz8/` and `Pz5+` at a 3-byte boundary: the id always holds `/` and `+`, and
    // the odd tail makes `=` padding.
    const aligned = routing.padEnd(Math.ceil(routing.length / 3) * 3, '_');
    return `video_${Buffer.from(`${aligned}????>~${randomHex(2)}x`, 'latin1').toString('base64')}`;
  },
  seconds: ANY_SECONDS,
  extendSeconds: ANY_SECONDS,
  sizes: ANY_SIZE,
  createBodies: 'json-or-multipart',
  shapeVideo: (video, context) => {
    const status = video.status === 'queued' || video.status === 'in_progress' ? 'processing' : video.status;
    const base: Record<string, unknown> = { id: video.id, object: 'video', status };
    if (video.status === 'failed' && video.error) base['error'] = video.error;
    if (context === 'retrieve') return base;
    return {
      ...base,
      created_at: video.created_at,
      model: video.model,
      seconds: video.seconds,
      size: video.size,
      usage: { duration_seconds: Number(video.seconds) },
    };
  },
  shapeError: (status, body) => ({ error: { ...body, code: String(status) } }),
  content: (id) => ({
    headers: { 'content-disposition': `attachment; filename=video_${id}.mp4` },
    forceVideo: true,
  }),
};

/**
 * vLLM-Omni (`vllm_omni/entrypoints/openai/protocol/videos.py`): ids `video_gen_<hex>`; any `WxH`; any positive
 * integer `seconds`; extra `quality`, `media_type`, `file_name`, `inference_time_s`, `stage_durations`,
 * `peak_memory_mb`; error `code` an integer (Bearer auth only when started with `--api-key`: the emulator's `apiKey`).
 * `POST /videos` reads form fields only: a JSON body gets 422, as FastAPI answers a `Form(...)` endpoint.
 */
const vllmOmni: Dialect = {
  name: 'vllm-omni',
  basePath: '/v1',
  auth: 'bearer',
  newVideoId: () => `video_gen_${randomHex(16)}`,
  seconds: ANY_SECONDS,
  extendSeconds: ANY_SECONDS,
  sizes: ANY_SIZE,
  createBodies: 'multipart',
  shapeVideo: (video) => {
    const done = video.status === 'completed';
    return {
      ...video,
      quality: 'default',
      media_type: 'video/mp4',
      file_name: done ? `${video.id}.mp4` : null,
      inference_time_s: done && video.completed_at !== null ? video.completed_at - video.created_at : null,
      stage_durations: {},
      peak_memory_mb: 0,
      error: video.error === null ? null : { code: 500, message: video.error.message },
    };
  },
  shapeError: (status, body) => ({
    error: { message: body.message, type: body.type, param: body.param, code: status },
  }),
  content: (id) => ({ headers: { 'content-disposition': `attachment; filename="${id}.mp4"` }, forceVideo: true }),
};

/**
 * new-api-style gateways (QuantumNous/new-api `dto/openai_video.go`): timestamps in **milliseconds**, optional
 * fields absent rather than `null`, extras `task_id`, `metadata`, `usage`.
 */
const newApi: Dialect = {
  name: 'new-api',
  basePath: '/v1',
  auth: 'bearer',
  newVideoId: () => `video_${randomHex(12)}`,
  seconds: ANY_SECONDS,
  extendSeconds: ANY_SECONDS,
  sizes: ANY_SIZE,
  createBodies: 'json-or-multipart',
  shapeVideo: (video) =>
    dropNulls({
      ...video,
      created_at: video.created_at * 1000,
      completed_at: video.completed_at === null ? null : video.completed_at * 1000,
      expires_at: video.expires_at === null ? null : video.expires_at * 1000,
      task_id: `task_${video.id.slice('video_'.length)}`,
      metadata: {},
      usage: { seconds: Number(video.seconds) },
    }),
  shapeError: (_status, body) => ({
    error: dropNulls({ message: body.message, type: 'new_api_error', param: body.param, code: body.code }),
  }),
};

/**
 * Azure OpenAI v1 (`https://<resource>.openai.azure.com/openai/v1/videos`): OpenAI's schema under `/openai/v1`;
 * `api-key` or an Entra ID bearer token; only `720x1280` and `1280x720`; errors `{ error: { code, message } }`.
 */
const azure: Dialect = {
  name: 'azure',
  basePath: '/openai/v1',
  auth: 'bearer-or-api-key',
  newVideoId: openaiId,
  seconds: OPENAI_SECONDS,
  extendSeconds: OPENAI_EXTEND_SECONDS,
  sizes: ['720x1280', '1280x720'],
  createBodies: 'json-or-multipart',
  shapeVideo: (video) => ({ ...video }),
  shapeError: (status, body) => ({ error: { code: body.code ?? String(status), message: body.message } }),
};

/** Every dialect by name. */
export const DIALECTS: Readonly<Record<EmulatorDialect, Dialect>> = Object.freeze({
  openai,
  litellm,
  'vllm-omni': vllmOmni,
  'new-api': newApi,
  azure,
});

/**
 * The dialect for `name` (default `openai`); a RangeError for an unknown one.
 *
 * @example
 * resolveDialect('new-api').shapeVideo(video, 'retrieve'); // created_at in ms, no null fields
 */
export function resolveDialect(name: string | undefined): Dialect {
  const dialect = DIALECTS[(name ?? 'openai') as EmulatorDialect];
  if (dialect === undefined) {
    throw new RangeError(
      `Unknown emulator dialect ${JSON.stringify(name)} (one of ${Object.keys(DIALECTS).join(', ')})`,
    );
  }
  return dialect;
}
