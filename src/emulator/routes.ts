import { createCharacter, getCharacter } from './handlers-characters.js';
import { createVideo, editVideo, extendVideo, remixVideo } from './handlers-create.js';
import { deleteVideo, downloadContent, listVideos, retrieveVideo } from './handlers-read.js';
import type { HandlerContext, Reply } from './state.js';

/** A route handler. */
export type Handler = (ctx: HandlerContext) => Reply;

/** A matched route. */
export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
  /** Whether the route takes a request body. */
  readsBody: boolean;
}

interface Route {
  method: string;
  segments: readonly string[];
  handler: Handler;
}

/** The Videos API, paths relative to `/v1`. `{name}` is a path parameter. */
const ROUTES: readonly Route[] = [
  { method: 'POST', segments: ['videos'], handler: createVideo },
  { method: 'GET', segments: ['videos'], handler: listVideos },
  { method: 'POST', segments: ['videos', 'edits'], handler: editVideo },
  { method: 'POST', segments: ['videos', 'extensions'], handler: extendVideo },
  { method: 'POST', segments: ['videos', 'characters'], handler: createCharacter },
  { method: 'GET', segments: ['videos', 'characters', '{character_id}'], handler: getCharacter },
  { method: 'GET', segments: ['videos', '{video_id}'], handler: retrieveVideo },
  { method: 'DELETE', segments: ['videos', '{video_id}'], handler: deleteVideo },
  { method: 'GET', segments: ['videos', '{video_id}', 'content'], handler: downloadContent },
  { method: 'POST', segments: ['videos', '{video_id}', 'remix'], handler: remixVideo },
];

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Finds the route for `method` and a path relative to `/v1`; undefined when none (the API answers 404). */
export function matchRoute(method: string, relativePath: string): RouteMatch | undefined {
  const parts = relativePath.split('/').filter((part) => part !== '');
  for (const route of ROUTES) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const expected = route.segments[i]!;
      if (expected.startsWith('{')) {
        const value = decode(parts[i]!);
        if (value === undefined || value === '') ok = false;
        else params[expected.slice(1, -1)] = value;
      } else if (expected !== parts[i]) ok = false;
    }
    if (ok) return { handler: route.handler, params, readsBody: method === 'POST' };
  }
  return undefined;
}
