import { ValidationError } from '../errors/validation-error.js';
import type { ApiKeyProvider, SoraClientOptions } from './options.js';

/** Input of {@link azureOpenAIOptions}: where the resource is and how to authenticate. */
export interface AzureOpenAIInput {
  /** `https://<resource>.openai.azure.com` (a trailing `/openai/v1` is accepted). Give this or `resourceName`. */
  endpoint?: string;
  /** The resource name: `https://<resourceName>.openai.azure.com`. Give this or `endpoint`. */
  resourceName?: string;
  /** A resource key, sent as `api-key: <key>`. Give this or `tokenProvider`. */
  apiKey?: string;
  /**
   * A Microsoft Entra ID token function (e.g. `getBearerTokenProvider(credential,
   * 'https://cognitiveservices.azure.com/.default')` from `@azure/identity`), called before every attempt and sent
   * as `Authorization: Bearer <token>`. Give this or `apiKey`.
   */
  tokenProvider?: ApiKeyProvider;
  /** Sent as `?api-version=` when given (the v1 surface needs none). */
  apiVersion?: string;
}

/** What {@link azureOpenAIOptions} returns: spread it into `createSoraClient` options. */
export type AzureClientOptions = Pick<SoraClientOptions, 'baseURL' | 'apiKey' | 'authHeader' | 'defaultQuery'>;

/**
 * Client options for Azure OpenAI's v1 Videos surface (`https://<resource>.openai.azure.com/openai/v1/videos`):
 * the base URL, and either `api-key` auth or a bearer token function (Entra ID tokens expire about hourly, so a
 * static string is not enough). Azure renders only `720x1280` and `1280x720`; the service says so with a 400.
 *
 * @throws ValidationError unless exactly one of `endpoint` / `resourceName` and one of `apiKey` / `tokenProvider`.
 * @example
 * ```ts
 * const sora = createSoraClient({
 *   ...azureOpenAIOptions({ resourceName: 'my-resource', tokenProvider: () => credential.getToken(scope).then((t) => t.token) }),
 * });
 * ```
 */
export function azureOpenAIOptions(input: AzureOpenAIInput): AzureClientOptions {
  const { endpoint, resourceName, apiKey, tokenProvider, apiVersion } = input ?? {};
  if ((endpoint === undefined) === (resourceName === undefined)) {
    throw new ValidationError('endpoint', 'give exactly one of endpoint or resourceName');
  }
  if ((apiKey === undefined) === (tokenProvider === undefined)) {
    throw new ValidationError('apiKey', 'give exactly one of apiKey or tokenProvider');
  }
  let origin: string;
  if (resourceName !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]*$/i.test(resourceName)) {
      throw new ValidationError('resourceName', 'must be a resource name (letters, digits, -)');
    }
    origin = `https://${resourceName}.openai.azure.com`;
  } else {
    origin = endpoint!
      .trim()
      .replace(/\/+$/, '')
      .replace(/\/openai(\/v1)?$/, '');
  }
  const options: AzureClientOptions = { baseURL: `${origin}/openai/v1` };
  if (tokenProvider !== undefined) {
    if (typeof tokenProvider !== 'function') throw new ValidationError('tokenProvider', 'must be a function');
    options.apiKey = tokenProvider;
    options.authHeader = 'bearer';
  } else {
    options.apiKey = apiKey;
    options.authHeader = 'api-key';
  }
  if (apiVersion !== undefined) options.defaultQuery = { 'api-version': apiVersion };
  return options;
}
