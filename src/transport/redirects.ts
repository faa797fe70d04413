import { ApiError } from '../errors/api-errors.js';
import { isCredentialHeader } from './auth.js';

/** A content download follows at most this many redirects. */
export const MAX_CONTENT_REDIRECTS = 5;

/** Statuses that redirect when they carry a `Location`. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** The next hop of a redirect: where to go and what to send there. */
export interface RedirectHop {
  url: string;
  headers: Readonly<Record<string, string>>;
}

/**
 * The `Location` of a redirect response resolved against the URL it answered, or `undefined` when the response
 * is not a redirect (or has no usable `Location`).
 *
 * @example
 * ```ts
 * redirectTarget(302, { location: '/x' }, 'https://a.test/v1/videos/1/content'); // 'https://a.test/x'
 * ```
 */
export function redirectTarget(
  status: number,
  headers: Readonly<Record<string, string>>,
  from: string,
): string | undefined {
  const location = headers['location'];
  if (!REDIRECT_STATUSES.has(status) || location === undefined || location === '') return undefined;
  try {
    return new URL(location, from).toString();
  } catch {
    return undefined;
  }
}

/**
 * The next hop of a content redirect, or the typed error that stops it: never https → http (`insecure_redirect`),
 * never more than {@link MAX_CONTENT_REDIRECTS} (`too_many_redirects`), only http(s). When the origin (scheme,
 * host, port) changes, every credential header is dropped (see `isCredentialHeader`), so a CDN or object store
 * never sees the key.
 *
 * @example
 * ```ts
 * nextHop('https://api.test/v1/videos/1/content', 'https://cdn.test/1.mp4', headers, 1); // no Authorization
 * ```
 */
export function nextHop(
  from: string,
  to: string,
  headers: Readonly<Record<string, string>>,
  hopNumber: number,
  status: number,
): RedirectHop {
  const source = new URL(from);
  const target = new URL(to);
  const refuse = (code: string, why: string): ApiError =>
    new ApiError(`${status} redirect to ${target.host} not followed: ${why}`, {
      status,
      statusCode: 502,
      code,
      retryable: false,
    });
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw refuse('insecure_redirect', 'not http(s)');
  if (source.protocol === 'https:' && target.protocol === 'http:') {
    throw refuse('insecure_redirect', 'https to http is never followed');
  }
  if (hopNumber > MAX_CONTENT_REDIRECTS) {
    throw refuse('too_many_redirects', `more than ${MAX_CONTENT_REDIRECTS} redirects`);
  }
  if (source.origin === target.origin) return { url: target.toString(), headers };
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!isCredentialHeader(name)) kept[name] = value;
  return { url: target.toString(), headers: kept };
}
