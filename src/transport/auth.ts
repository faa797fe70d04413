import type { ResolvedConfig } from '../config/options.js';
import { ApiKeyProviderError } from '../errors/credential-errors.js';
import { registerSecret } from '../util/redact.js';
import { sanitizeCause } from './map-error.js';

/**
 * The key for one attempt from the configured `apiKey` function: awaited, checked (a non-empty string) and
 * registered with the redactor before it is used, so it can never appear in a log, span or error. A throw, a
 * rejection or a bad value rejects with {@link ApiKeyProviderError} (secret-free cause).
 *
 * @example
 * ```ts
 * const key = await keyFromProvider(() => credential.getToken(scope).then((t) => t.token));
 * ```
 */
export async function keyFromProvider(provider: NonNullable<ResolvedConfig['apiKeyProvider']>): Promise<string> {
  let value: unknown;
  try {
    value = await provider();
  } catch (error) {
    const cause = sanitizeCause(error);
    throw new ApiKeyProviderError(`The apiKey function failed: ${cause.message}`, cause);
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ApiKeyProviderError('The apiKey function returned no key (expected a non-empty string)');
  }
  registerSecret(value, { provided: true });
  return value;
}

/** Header names that carry credentials, dropped when a redirect leaves the origin. */
const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie|api-key|x-api-key|openai-organization|openai-project)$|auth|token|secret|api[-_]?key/i;

/**
 * True for a header that carries a credential (`Authorization`, `api-key`, `Cookie`, or any name mentioning auth,
 * token, secret or api key), so a cross-origin redirect must not carry it.
 *
 * @example
 * ```ts
 * isCredentialHeader('Authorization'); // true
 * isCredentialHeader('accept');        // false
 * ```
 */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}
