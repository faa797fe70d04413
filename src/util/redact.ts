/** Header names whose values are secrets (lower-case). */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'api-key',
  'x-api-key',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'openai-organization',
  'openai-project',
]);

/** The placeholder that replaces a secret. */
export const REDACTED = '[REDACTED]';

/** A header or query name that looks like it carries a credential (beyond {@link SECRET_HEADERS}). */
const CREDENTIAL_NAME = /key|token|secret|auth|cookie|passw|signature/i;

/**
 * True when a header (or query parameter) named `name` should be treated as a secret: one of
 * {@link SECRET_HEADERS}, or any name containing `key`, `token`, `secret`, `auth`, `cookie`, `passw`, `signature`.
 *
 * @example
 * ```ts
 * isCredentialName('x-litellm-api-key'); // true
 * isCredentialName('x-request-id'); // false
 * ```
 */
export function isCredentialName(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase()) || CREDENTIAL_NAME.test(name);
}

/**
 * A copy of a header or query record with every credential-looking value ({@link isCredentialName}) replaced by
 * `[REDACTED]` and echoed keys scrubbed from the others; for showing configuration.
 *
 * @example
 * ```ts
 * redactCredentials({ 'x-litellm-api-key': 'k1', 'x-team': 'a' }); // { 'x-litellm-api-key': '[REDACTED]', 'x-team': 'a' }
 * ```
 */
export function redactCredentials(record: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record ?? {})) {
    out[k] = isCredentialName(k) ? REDACTED : typeof v === 'string' ? redactSecrets(v) : v;
  }
  return out;
}

/**
 * A short, secret-free label for an `http.Agent`/`https.Agent` (whose `options` may hold a client-certificate
 * `key`, `pfx` or `passphrase`): `'[https.Agent]'`, `'[http.Agent]'`, or `undefined` when there is none.
 *
 * @example
 * ```ts
 * summarizeAgent(new https.Agent({ keepAlive: true })); // '[https.Agent]'
 * ```
 */
export function summarizeAgent(agent: unknown): string | undefined {
  if (agent === undefined || agent === null) return undefined;
  const protocol = (agent as { protocol?: unknown }).protocol;
  return protocol === 'https:' ? '[https.Agent]' : protocol === 'http:' ? '[http.Agent]' : '[Agent]';
}

const KEY_SHAPED = /\b(sk-[A-Za-z0-9_-]{6,}|Bearer\s+[A-Za-z0-9._~+/=-]{6,})/g;
/** Static keys (from options or the environment): few, and live as long as their clients. */
const staticSecrets = new Set<string>();
/** Values an `apiKey` function returned, oldest first (a Map keeps insertion order). */
const providedSecrets = new Map<string, true>();

/**
 * How many values returned by `apiKey` functions stay registered. A provider mints short-lived tokens (minutes to
 * an hour) and hands out a new one on each refresh, so only the recent ones can still be valid or echoed by a server
 * still answering a request made with them; without a bound the registry (scanned for every redacted string) would
 * grow with every refresh of a long-running process. 16 covers many overlapping refreshes of several clients.
 */
export const MAX_PROVIDED_SECRETS = 16;

/**
 * Registers a secret (an API key) so that {@link redactSecrets} removes it wherever it appears,
 * whatever its shape. Keys shorter than 4 characters are not registered (they would redact common text).
 * `provided` marks a value returned by an `apiKey` function: only the latest {@link MAX_PROVIDED_SECRETS} of those
 * are kept (oldest evicted first); static keys stay.
 *
 * @example
 * ```ts
 * registerSecret(token, { provided: true });
 * ```
 */
export function registerSecret(secret: string | undefined, opts: { provided?: boolean } = {}): void {
  if (!secret || secret.length < 4) return;
  if (!opts.provided) {
    staticSecrets.add(secret);
    return;
  }
  if (staticSecrets.has(secret)) return;
  providedSecrets.delete(secret); // re-registering makes it the newest
  providedSecrets.set(secret, true);
  while (providedSecrets.size > MAX_PROVIDED_SECRETS) {
    const oldest = providedSecrets.keys().next().value;
    if (oldest === undefined) break;
    providedSecrets.delete(oldest);
  }
}

/**
 * How many secrets are registered (static keys plus the bounded provider values); for tests and diagnostics.
 *
 * @example
 * ```ts
 * registeredSecretCount(); // e.g. 3
 * ```
 */
export function registeredSecretCount(): number {
  return staticSecrets.size + providedSecrets.size;
}

/**
 * Replaces key-shaped substrings (`sk-…`, `Bearer …`) and every registered secret with `[REDACTED]`.
 *
 * @example
 * ```ts
 * redactSecrets('echo sk-abcdefghijkl'); // 'echo [REDACTED]'
 * ```
 */
export function redactSecrets(text: string): string {
  let out = text.replace(KEY_SHAPED, REDACTED);
  for (const s of staticSecrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  for (const s of providedSecrets.keys()) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * {@link redactSecrets} for an optional string kept from a response (a request id, a header): `undefined` stays.
 *
 * @example
 * ```ts
 * redactOptional(headers['x-request-id']);
 * ```
 */
export function redactOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : redactSecrets(text);
}

/**
 * A deep copy of a JSON-like value (a response body) with every string passed through {@link redactSecrets}.
 * Deeper than `maxDepth` levels, values are dropped (a hostile body cannot make this recurse without end).
 *
 * @example
 * ```ts
 * redactDeep({ error: { message: 'bad key sk-abcdefghijkl' } }); // { error: { message: 'bad key [REDACTED]' } }
 * ```
 */
export function redactDeep<T>(value: T, maxDepth = 16): T {
  return scrub(value, maxDepth) as T;
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth <= 0) return undefined;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth - 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redactSecrets(k)] = scrub(v, depth - 1);
  return out;
}

/**
 * A copy of `headers` with secret values replaced by `[REDACTED]` (and echoed keys scrubbed from the others).
 *
 * @example
 * ```ts
 * redactHeaders({ authorization: 'Bearer sk-…', 'x-request-id': 'req_1' }); // { authorization: '[REDACTED]', … }
 * ```
 */
export function redactHeaders(headers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? REDACTED : typeof v === 'string' ? redactSecrets(v) : v;
  }
  return out;
}

const SENSITIVE_QUERY =
  /^(x-?)?(api-?key|access-?token|token|auth-?token|authorization|password|sig|signature|client-?secret)$/i;

/** The URL without credentials, fragment or sensitive query values. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.hash = '';
    for (const key of [...u.searchParams.keys()]) {
      if (SENSITIVE_QUERY.test(key.replace(/_/g, '-'))) u.searchParams.set(key, REDACTED);
    }
    return redactSecrets(u.toString());
  } catch {
    return redactSecrets(url);
  }
}
