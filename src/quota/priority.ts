import type { HttpRequest } from '../transport/types.js';
import type { RequestPriority } from './types.js';

/**
 * The priority of a request: creates, remix, edit, extend, characters and deletes (anything but a GET) and downloads
 * (`/content`, streamed) are `high`; polls and lists (other GETs) are `low`.
 *
 * @example
 * ```ts
 * requestPriority({ method: 'GET', path: '/videos/video_1' }); // 'low'
 * requestPriority({ method: 'POST', path: '/videos' });        // 'high'
 * ```
 */
export function requestPriority(request: Pick<HttpRequest, 'method' | 'path' | 'responseType'>): RequestPriority {
  if (request.method !== 'GET' || request.responseType === 'stream') return 'high';
  return /\/content(?:$|\?)/.test(request.path) ? 'high' : 'low';
}
