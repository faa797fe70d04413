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

const KEY_SHAPED = /\b(sk-[A-Za-z0-9_-]{6,}|Bearer\s+[A-Za-z0-9._~+/=-]{6,})/g;
const registered = new Set<string>();

/**
 * Registers a secret (an API key) so that {@link redactSecrets} removes it wherever it appears,
 * whatever its shape. Keys shorter than 4 characters are not registered (they would redact common text).
 */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) registered.add(secret);
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
  for (const s of registered) if (out.includes(s)) out = out.split(s).join(REDACTED);
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
