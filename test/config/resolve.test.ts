import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../src/config/defaults.js';
import { readEnv } from '../../src/config/env.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { ValidationError } from '../../src/errors/index.js';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).field;
  }
  return undefined;
};

describe('resolveConfig', () => {
  it('uses the defaults', () => {
    const c = resolveConfig({}, {});
    expect(c).toMatchObject({
      apiKey: undefined,
      baseURL: 'https://api.openai.com/v1',
      authHeader: 'bearer',
      timeoutMs: 60_000,
      logLevel: 'warn',
      dangerouslyAllowInsecureHttp: false,
      defaultHeaders: {},
      defaultQuery: {},
    });
    expect(c.retry).toEqual({ ...DEFAULT_RETRY });
    expect(c.retry.maxElapsedMs).toBe(Infinity);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.retry)).toBe(true);
  });

  it('options beat env beat defaults', () => {
    const env = {
      OPENAI_API_KEY: 'sk-env-key-123456',
      OPENAI_BASE_URL: 'https://env.example.com/v1/',
      OPENAI_ORG_ID: 'org_env',
      OPENAI_PROJECT_ID: 'proj_env',
      SORA_TIMEOUT_MS: '1500',
      SORA_MAX_RETRIES: '5',
      SORA_LOG_LEVEL: 'DEBUG',
    };
    const fromEnv = resolveConfig({}, env);
    expect(fromEnv).toMatchObject({
      apiKey: 'sk-env-key-123456',
      baseURL: 'https://env.example.com/v1',
      organization: 'org_env',
      project: 'proj_env',
      timeoutMs: 1500,
      logLevel: 'debug',
    });
    expect(fromEnv.retry.maxRetries).toBe(5);
    const fromOptions = resolveConfig(
      {
        apiKey: 'sk-opt-key-123456',
        baseURL: 'https://opt.example.com/v1',
        organization: 'org_opt',
        timeoutMs: 10,
        maxRetries: 0,
        logLevel: 'error',
        retry: { initialDelayMs: 7, maxDelayMs: undefined },
      },
      env,
    );
    expect(fromOptions).toMatchObject({ apiKey: 'sk-opt-key-123456', baseURL: 'https://opt.example.com/v1' });
    expect(fromOptions).toMatchObject({
      organization: 'org_opt',
      project: 'proj_env',
      timeoutMs: 10,
      logLevel: 'error',
    });
    expect(fromOptions.retry).toMatchObject({ maxRetries: 0, initialDelayMs: 7, maxDelayMs: 8000 });
    expect(resolveConfig({ retry: { maxRetries: 4 } }, env).retry.maxRetries).toBe(4);
  });

  it('empty env values count as unset', () => {
    expect(resolveConfig({}, { OPENAI_API_KEY: '  ', SORA_TIMEOUT_MS: '' }).apiKey).toBeUndefined();
  });

  it.each([
    ['SORA_TIMEOUT_MS', '-1'],
    ['SORA_TIMEOUT_MS', 'soon'],
    ['SORA_MAX_RETRIES', 'abc'],
    ['SORA_MAX_RETRIES', '1.5'],
    ['SORA_LOG_LEVEL', 'loud'],
  ])('%s=%s is a ValidationError naming the variable', (name, value) => {
    expect(fieldOf(() => resolveConfig({}, { [name]: value }))).toBe(name);
    expect(() => readEnv({ [name]: value })).toThrow(name);
  });

  it.each(['not a url', 'ftp://h/v1', '/v1', 'https://user:pw@h/v1'])('rejects baseURL %s', (baseURL) => {
    expect(fieldOf(() => resolveConfig({ baseURL }, {}))).toBe('baseURL');
  });

  it('rejects insecure http to a remote host with a key, unless allowed', () => {
    expect(fieldOf(() => resolveConfig({ apiKey: 'sk-1234567', baseURL: 'http://api.example.com/v1' }, {}))).toBe(
      'baseURL',
    );
    const allowed = { apiKey: 'sk-1234567', baseURL: 'http://api.example.com/v1', dangerouslyAllowInsecureHttp: true };
    expect(resolveConfig(allowed, {}).dangerouslyAllowInsecureHttp).toBe(true);
    expect(resolveConfig({ apiKey: 'sk-1234567', baseURL: 'http://127.0.0.1:4010/v1' }, {}).baseURL).toBe(
      'http://127.0.0.1:4010/v1',
    );
    expect(resolveConfig({ baseURL: 'http://api.example.com/v1' }, {}).apiKey).toBeUndefined();
  });

  it.each([
    [{ timeoutMs: -1 }, 'timeoutMs'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
    [{ retry: { multiplier: -2 } }, 'retry.multiplier'],
    [{ authHeader: 'basic' as never }, 'authHeader'],
    [{ logLevel: 'loud' as never }, 'logLevel'],
  ])('rejects %j', (options, field) => {
    expect(fieldOf(() => resolveConfig(options, {}))).toBe(field);
  });

  it('defaults env to process.env', () => {
    expect(resolveConfig({ apiKey: 'sk-abcdefg' }).apiKey).toBe('sk-abcdefg');
  });
});
