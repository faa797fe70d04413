import type { ParsedBody } from './body.js';
import type { ResolvedOptions } from './options.js';
import type { StoredVideo } from './lifecycle.js';
import type { VideoStore } from './store.js';
import type { CharacterResource } from './types.js';

/** Mutable state shared by the handlers of one emulator. */
export interface EmulatorState {
  readonly options: ResolvedOptions;
  readonly videos: VideoStore;
  readonly characters: Map<string, CharacterResource>;
  /** `Idempotency-Key` of each job-creating request → the video it created. */
  readonly idempotencyKeys: Map<string, string>;
}

/** What a handler gets. */
export interface HandlerContext {
  readonly state: EmulatorState;
  readonly method: string;
  /** Decoded path parameters, e.g. `{ video_id }`. */
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: ParsedBody;
  /** The request's `Idempotency-Key` header, when it sent one. */
  readonly idempotencyKey?: string;
}

/** A response before it is written. */
export interface Reply {
  status: number;
  contentType: string;
  body: Buffer;
  headers?: Record<string, string>;
}

/** A 200 JSON reply. */
export function jsonReply(value: unknown, headers?: Record<string, string>): Reply {
  return { status: 200, contentType: 'application/json', body: Buffer.from(JSON.stringify(value)), headers };
}

/** Render time of a job, scaled by seconds, model and `timeScale`. */
export function renderMsFor(options: ResolvedOptions, model: string, seconds: string): number {
  const modelFactor = /pro/i.test(model) ? 2 : 1;
  return options.renderMs * (Number(seconds) / 4) * modelFactor * options.timeScale;
}

/** Everything `VideoStore.add` needs, derived from the request parameters. */
export function newVideoFields(
  options: ResolvedOptions,
  fields: { id: string; model: string; prompt: string; size: string; seconds: string; renderSeconds?: string },
): Omit<StoredVideo, 'seq' | 'failure' | 'remixedFromVideoId'> {
  return {
    id: fields.id,
    model: fields.model,
    prompt: fields.prompt,
    size: fields.size,
    seconds: fields.seconds,
    createdAtMs: options.clock.now(),
    queueMs: options.queueMs * options.timeScale,
    renderMs: renderMsFor(options, fields.model, fields.renderSeconds ?? fields.seconds),
    progressCurve: options.progressCurve,
    expiresAfterMs: options.expiresAfterMs,
  };
}
