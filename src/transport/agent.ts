import http from 'node:http';
import https from 'node:https';
import type { ResolvedConfig } from '../config/options.js';
import { AGENT_DEFAULTS } from '../config/defaults.js';
import { USER_AGENT } from '../util/version.js';

export { isLoopbackHost } from '../util/loopback.js';

/** The keep-alive agents one client shares between all its requests. */
export interface TransportAgents {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
}

/** The agents of one client, plus which of them it created (and so may destroy). */
export interface OwnedAgents extends TransportAgents {
  /** The agents this client created; `close()` destroys only these, never yours. */
  readonly owned: readonly (http.Agent | https.Agent)[];
}

/**
 * The client's agents: `config.httpAgent` / `config.httpsAgent` when given (used as is, never destroyed), else one
 * keep-alive `http.Agent` / `https.Agent` with `config.maxSockets` (other tuning from `AGENT_DEFAULTS`).
 *
 * @example
 * ```ts
 * const { httpsAgent } = createAgents(resolveConfig({ maxSockets: 8 }));
 * ```
 */
export function createAgents(config?: Pick<ResolvedConfig, 'maxSockets' | 'httpAgent' | 'httpsAgent'>): OwnedAgents {
  const opts = {
    keepAlive: AGENT_DEFAULTS.keepAlive,
    maxSockets: config?.maxSockets ?? AGENT_DEFAULTS.maxSockets,
    maxFreeSockets: AGENT_DEFAULTS.maxFreeSockets,
    timeout: AGENT_DEFAULTS.freeSocketTimeoutMs,
  };
  const owned: (http.Agent | https.Agent)[] = [];
  const own = <A extends http.Agent | https.Agent>(agent: A): A => (owned.push(agent), agent);
  return {
    httpAgent: config?.httpAgent ?? own(new http.Agent(opts)),
    httpsAgent: config?.httpsAgent ?? own(new https.Agent(opts)),
    owned,
  };
}

/**
 * The headers every request carries: `Accept`, `User-Agent`, auth (when a key is set; `key` overrides the static
 * one, e.g. from an `apiKey` function), `OpenAI-Organization`, `OpenAI-Project`, then the configured default
 * headers (which may override any of these).
 */
export function baseHeaders(config: ResolvedConfig, key: string | undefined = config.apiKey): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': USER_AGENT };
  if (key) {
    if (config.authHeader === 'api-key') headers['api-key'] = key;
    else headers.Authorization = `Bearer ${key}`;
  }
  if (config.organization) headers['OpenAI-Organization'] = config.organization;
  if (config.project) headers['OpenAI-Project'] = config.project;
  return mergeHeaders(headers, config.defaultHeaders);
}

/** Merges header records case-insensitively; later records win and keep their own spelling. */
export function mergeHeaders(
  ...records: ReadonlyArray<Readonly<Record<string, string>> | undefined>
): Record<string, string> {
  const out: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record ?? {})) {
      const lower = name.toLowerCase();
      const previous = names.get(lower);
      if (previous !== undefined) delete out[previous];
      names.set(lower, name);
      out[name] = value;
    }
  }
  return out;
}

/** `baseURL + path`, with the default query and the request's query (`undefined` values left out). */
export function buildUrl(
  baseURL: string,
  path: string,
  defaultQuery: Readonly<Record<string, string>>,
  query: Readonly<Record<string, string | number | boolean | undefined>> | undefined,
): string {
  const url = new URL(baseURL + (path.startsWith('/') ? path : `/${path}`));
  for (const [k, v] of Object.entries(defaultQuery)) url.searchParams.set(k, v);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}
