import { redactSecrets, redactUrl } from '../util/redact.js';
import { buildUrl } from './agent.js';

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** The request URLs of one client, computed from its `baseURL` and default query. */
export interface UrlBuilder {
  /** Same as `buildUrl(baseURL, path, defaultQuery, query)`. */
  full(path: string, query?: Query): string;
  /** Same as `redactUrl(full(path, query))`. */
  redactedFull(path: string, query?: Query): string;
  /** Same as `redactUrl(new URL(baseURL + path).toString())` (the `url.full` span attribute). Throws like `new URL`. */
  redactedPath(path: string): string;
  /** `server.address` / `server.port` of `baseURL + path`. Throws like `new URL`. */
  server(path: string): { address: string; port: number };
}

// A path the WHATWG URL parser leaves untouched after a canonical base: `/`-led segments of unreserved
// characters and percent escapes, none starting with a dot (no `.`/`..` segments), no encoded dots.
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*)+$/;
const ENCODED_DOT = /%2e/i;

/**
 * Precomputes what every request of a client shares, so that a plain path (e.g. `/videos/video_123`) costs a
 * string concatenation instead of two or three `new URL` parses. Anything unusual (a non-canonical base, query
 * parameters, dot segments, a path without a leading `/`) takes the general route, with identical results.
 *
 * @example
 * ```ts
 * const urls = createUrlBuilder('https://api.openai.com/v1', {});
 * urls.full('/videos/video_1'); // 'https://api.openai.com/v1/videos/video_1'
 * ```
 */
export function createUrlBuilder(baseURL: string, defaultQuery: Readonly<Record<string, string>>): UrlBuilder {
  const canonical = isCanonicalBase(baseURL);
  const noDefaultQuery = Object.keys(defaultQuery).length === 0;
  const plain = (path: string): boolean => canonical && PLAIN_PATH.test(path) && !ENCODED_DOT.test(path);
  const noQuery = (query: Query | undefined): boolean => {
    if (!noDefaultQuery) return false;
    if (query === undefined) return true;
    for (const key in query) if (query[key] !== undefined) return false;
    return true;
  };
  let host: { address: string; port: number } | undefined;
  const serverOf = (url: URL): { address: string; port: number } => ({
    address: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
  });
  return {
    full: (path, query) =>
      plain(path) && noQuery(query) ? baseURL + path : buildUrl(baseURL, path, defaultQuery, query),
    redactedFull: (path, query) =>
      plain(path) && noQuery(query)
        ? redactSecrets(baseURL + path)
        : redactUrl(buildUrl(baseURL, path, defaultQuery, query)),
    redactedPath: (path) =>
      plain(path) ? redactSecrets(baseURL + path) : redactUrl(new URL(baseURL + path).toString()),
    server: (path) => {
      if (!plain(path)) return serverOf(new URL(baseURL + path));
      host ??= serverOf(new URL(baseURL + path));
      return host;
    },
  };
}

/** True when `baseURL + '/x'` serialises to itself and has no credentials, query or fragment. */
function isCanonicalBase(baseURL: string): boolean {
  try {
    const probe = `${baseURL}/x`;
    const url = new URL(probe);
    return url.href === probe && !url.username && !url.password && !url.search && !url.hash;
  } catch {
    return false;
  }
}
