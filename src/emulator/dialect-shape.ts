/** Applies a {@link Dialect} to requests (auth headers, accepted values) and to replies (bodies, errors, content). */
import type { IncomingHttpHeaders } from 'node:http';
import { EMULATOR_ASSETS } from './assets/media.js';
import type { Dialect, VideoContext } from './dialects.js';
import { type ErrorBody, invalidParam } from './errors.js';
import { enumParam, missing, wrongType } from './params.js';
import type { Reply } from './state.js';
import type { VideoResource } from './types.js';

/**
 * The headers auth should look at: without `api-key` for bearer-only dialects (it would be ignored there).
 *
 * @example
 * checkAuth(authHeadersFor(DIALECTS.litellm, req.headers), apiKey); // an `api-key` header alone is a 401
 */
export function authHeadersFor(dialect: Dialect, headers: IncomingHttpHeaders): IncomingHttpHeaders {
  if (dialect.auth === 'bearer-or-api-key' || headers['api-key'] === undefined) return headers;
  const { ['api-key']: _ignored, ...rest } = headers;
  return rest;
}

/**
 * A create/extension `seconds` or a `size` as the dialect accepts it (`undefined` when optional and absent); a 400
 * envelope otherwise.
 *
 * @example
 * dialectParam({ size: '832x480' }, 'size', DIALECTS['vllm-omni'].sizes); // '832x480'
 */
export function dialectParam(
  params: Record<string, unknown>,
  param: 'seconds' | 'size',
  accepted: readonly string[] | RegExp,
  required = false,
): string | undefined {
  if (!(accepted instanceof RegExp)) return enumParam(params, param, accepted, required);
  const value = params[param];
  if (value === undefined) {
    if (required) throw missing(param);
    return undefined;
  }
  if (typeof value !== 'string') throw wrongType(param, 'a string', value);
  if (!accepted.test(value)) {
    throw invalidParam(param, `Invalid '${param}': '${value}' does not match ${accepted.source}.`, 'invalid_value');
  }
  return value;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function contextOf(method: string, relative: string): VideoContext {
  return method === 'GET' && relative !== '/videos' ? 'retrieve' : method === 'GET' ? 'list' : 'create';
}

/**
 * The reply as the dialect sends it: Video objects and list items reshaped, error envelopes rewritten, content
 * headers added. The `openai` dialect leaves every reply untouched (nothing is parsed).
 *
 * @example
 * reply = shapeReply(options.dialect, reply, 'GET', '/videos/video_1');
 */
export function shapeReply(dialect: Dialect, reply: Reply, method: string, relative: string): Reply {
  if (dialect.name === 'openai') return reply;
  if (reply.contentType !== 'application/json')
    return reply.status === 200 ? shapeContent(dialect, reply, relative) : reply;
  let value: unknown;
  try {
    value = JSON.parse(reply.body.toString('utf8'));
  } catch {
    return reply;
  }
  if (!isRecord(value)) return reply;
  let shaped: unknown = value;
  if (reply.status >= 400 && isRecord(value['error'])) {
    shaped = dialect.shapeError(reply.status, value['error'] as unknown as ErrorBody);
  } else if (value['object'] === 'video') {
    shaped = dialect.shapeVideo(value as unknown as VideoResource, contextOf(method, relative));
  } else if (value['object'] === 'list' && Array.isArray(value['data'])) {
    shaped = { ...value, data: value['data'].map((v) => dialect.shapeVideo(v as VideoResource, 'list')) };
  }
  return { ...reply, body: Buffer.from(JSON.stringify(shaped)) };
}

function shapeContent(dialect: Dialect, reply: Reply, relative: string): Reply {
  const match = /^\/videos\/([^/]+)\/content$/.exec(relative);
  if (match === null || dialect.content === undefined) return reply;
  const id = decodeURIComponent(match[1]!);
  const { headers, forceVideo } = dialect.content(id, '');
  const asset = forceVideo ? EMULATOR_ASSETS.video : undefined;
  return {
    ...reply,
    headers: { ...reply.headers, ...headers },
    contentType: asset?.contentType ?? reply.contentType,
    body: asset?.bytes ?? reply.body,
  };
}
