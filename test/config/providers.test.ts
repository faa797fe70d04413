import { describe, expect, it } from 'vitest';
import { azureOpenAIOptions } from '../../src/index.js';
import { ValidationError } from '../../src/errors/index.js';
import { resolveConfig } from '../../src/config/resolve.js';

describe('azureOpenAIOptions', () => {
  it('api-key auth against a resource name', () => {
    expect(azureOpenAIOptions({ resourceName: 'my-res', apiKey: 'k' })).toEqual({
      baseURL: 'https://my-res.openai.azure.com/openai/v1',
      apiKey: 'k',
      authHeader: 'api-key',
    });
  });

  it('a token provider against an endpoint, with api-version', () => {
    const tokenProvider = () => 'tok';
    const options = azureOpenAIOptions({
      endpoint: 'https://my-res.openai.azure.com/openai/v1/',
      tokenProvider,
      apiVersion: 'preview',
    });
    expect(options).toEqual({
      baseURL: 'https://my-res.openai.azure.com/openai/v1',
      apiKey: tokenProvider,
      authHeader: 'bearer',
      defaultQuery: { 'api-version': 'preview' },
    });
    const config = resolveConfig(options, {});
    expect(config.apiKeyProvider).toBe(tokenProvider);
    expect(config.apiKey).toBeUndefined();
  });

  it.each([
    [{ apiKey: 'k' }, 'endpoint'],
    [{ endpoint: 'https://a', resourceName: 'b', apiKey: 'k' }, 'endpoint'],
    [{ resourceName: 'b' }, 'apiKey'],
    [{ resourceName: 'b', apiKey: 'k', tokenProvider: () => 't' }, 'apiKey'],
    [{ resourceName: 'a/b', apiKey: 'k' }, 'resourceName'],
  ])('%o -> ValidationError(%s)', (input, field) => {
    expect(() => azureOpenAIOptions(input)).toThrow(expect.objectContaining({ field }));
    expect(() => azureOpenAIOptions(input)).toThrow(ValidationError);
  });
});

describe('resolveConfig: provider options', () => {
  it.each([
    [{ validation: 'strict' as never }, 'validation'],
    [{ statusAliases: { done: 'finished' as never } }, 'statusAliases'],
    [{ maxSockets: 0 }, 'maxSockets'],
    [{ apiKey: 42 as never }, 'apiKey'],
  ])('%o -> ValidationError(%s)', (options, field) => {
    expect(() => resolveConfig(options, {})).toThrow(expect.objectContaining({ field }));
  });

  it('defaults', () => {
    const c = resolveConfig({}, {});
    expect(c).toMatchObject({ validation: 'form', maxSockets: 50, httpAgent: undefined, apiKeyProvider: undefined });
    expect(c.statusAliases['succeeded']).toBe('completed');
  });
});
