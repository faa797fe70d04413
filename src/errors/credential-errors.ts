import { SoraError } from './sora-error.js';

/**
 * The `apiKey` function (a token provider) threw, rejected or returned no key, so the attempt was not sent. Not
 * retried; `cause` holds a secret-free summary of the failure.
 *
 * @example
 * ```ts
 * sora.getVideoStatus(id).subscribe({ error: (e) => e instanceof ApiKeyProviderError && refreshLogin() });
 * ```
 */
export class ApiKeyProviderError extends SoraError {
  override readonly name: string = 'ApiKeyProviderError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'api_key_provider_failed', statusCode: 401, retryable: false, cause });
  }
}
