import type { HttpRequest } from '../transport/types.js';
import type { RequestPriority } from './types.js';

/** Operations whose every request is `high`: a create's reconciling list is part of the create, not a poll. */
const HIGH_OPERATIONS: ReadonlySet<string> = new Set([
  'createVideo',
  'remixVideo',
  'editVideo',
  'extendVideo',
  'createCharacter',
]);

/**
 * The priority of a request: creates, remix, edit, extend, characters and deletes (anything but a GET), downloads
 * (`/content`, streamed) and every request of a create-like operation (e.g. the list that reconciles an ambiguous
 * create) are `high`; polls and lists (other GETs) are `low`.
 *
 * @example
 * ```ts
 * requestPriority({ method: 'GET', path: '/videos/video_1' }); // 'low'
 * requestPriority({ method: 'POST', path: '/videos' });        // 'high'
 * requestPriority({ method: 'GET', path: '/videos' }, 'createVideo'); // 'high'
 * ```
 */
export function requestPriority(
  request: Pick<HttpRequest, 'method' | 'path' | 'responseType'>,
  operation?: string,
): RequestPriority {
  if (request.method !== 'GET' || request.responseType === 'stream') return 'high';
  if (operation !== undefined && HIGH_OPERATIONS.has(operation)) return 'high';
  return /\/content(?:$|\?)/.test(request.path) ? 'high' : 'low';
}
