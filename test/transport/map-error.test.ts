import type { AxiosInstance } from 'axios';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { AuthenticationError, ConnectionError, SoraError } from '../../src/errors/index.js';
import { createAxiosTransport } from '../../src/transport/axios-transport.js';
import { baseHeaders, buildUrl, mergeHeaders } from '../../src/transport/agent.js';
import { errorCode, mapNetworkError, sanitizeCause } from '../../src/transport/map-error.js';

const KEY = 'sk-test-SECRETKEY1234567890';
const sysError = (code: string, message = code): Error => Object.assign(new Error(message), { code });

describe('mapNetworkError', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNABORTED'])(
    '%s is a connect-phase ConnectionError',
    (code) => {
      const e = mapNetworkError(sysError(code));
      expect(e).toBeInstanceOf(ConnectionError);
      expect((e as ConnectionError).phase).toBe('connect');
      expect((e.cause as { code?: string }).code).toBe(code);
    },
  );
  it.each(['ECONNRESET', 'EPIPE', 'ERR_BAD_RESPONSE'])('%s is a transfer-phase ConnectionError', (code) => {
    const e = mapNetworkError(sysError(code));
    expect(e).toBeInstanceOf(ConnectionError);
    expect((e as ConnectionError).phase).toBe('transfer');
  });
  it('"socket hang up" without a code is transfer', () => {
    expect((mapNetworkError(new Error('socket hang up')) as ConnectionError).phase).toBe('transfer');
  });
  it('finds the code of an AggregateError or a cause', () => {
    const agg = Object.assign(new AggregateError([sysError('ECONNREFUSED')], 'x'), {});
    expect(errorCode(agg)).toBe('ECONNREFUSED');
    expect(errorCode(new Error('x', { cause: sysError('ENOTFOUND') }))).toBe('ENOTFOUND');
    expect(errorCode(sysError('ERR_BAD_REQUEST'))).toBeUndefined();
    expect(errorCode('text')).toBeUndefined();
  });
  it('anything else is a non-retryable request_failed error without the key', () => {
    const raw = Object.assign(new TypeError(`bad header Bearer ${KEY}`), {
      config: { headers: { Authorization: KEY } },
    });
    const e = mapNetworkError(raw);
    expect(e).toBeInstanceOf(SoraError);
    expect(e).not.toBeInstanceOf(ConnectionError);
    expect(e).toMatchObject({ code: 'request_failed', retryable: false });
    expect(e.message).not.toContain(KEY);
    expect(JSON.stringify(e)).not.toContain(KEY);
    expect(JSON.stringify(e.cause)).not.toContain(KEY);
    expect(mapNetworkError('weird').message).toContain('weird');
  });
  it('sanitizeCause keeps only name, message and code', () => {
    const safe = sanitizeCause(Object.assign(new Error('m'), { code: 'EPIPE', config: { secret: 1 } }));
    expect(Object.keys(safe).sort()).toEqual(['code', 'name']);
    expect(safe.message).toBe('m');
  });
});

describe('transport without a key', () => {
  it('never calls axios for a remote host', async () => {
    const request = vi.fn();
    const t = createAxiosTransport(resolveConfig({ baseURL: 'https://api.openai.com/v1' }, {}), {
      axios: { request } as unknown as AxiosInstance,
    });
    const e = await firstValueFrom(t({ method: 'GET', path: '/videos' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(request).not.toHaveBeenCalled();
    t.destroy();
  });
});

describe('headers and URLs', () => {
  it('merges headers case-insensitively, later wins', () => {
    expect(mergeHeaders({ Accept: 'a', 'X-A': '1' }, undefined, { accept: 'b' })).toEqual({ 'X-A': '1', accept: 'b' });
  });
  it('default headers may override the built-in ones', () => {
    const h = baseHeaders(resolveConfig({ apiKey: KEY, defaultHeaders: { 'user-agent': 'mine' } }, {}));
    expect(h['user-agent']).toBe('mine');
    expect(h['User-Agent']).toBeUndefined();
    expect(h.Authorization).toBe(`Bearer ${KEY}`);
  });
  it('builds URLs with and without a leading slash', () => {
    expect(buildUrl('https://h/v1', 'videos', {}, { a: true })).toBe('https://h/v1/videos?a=true');
    expect(buildUrl('https://h/v1', '/videos/x', { v: '1' }, undefined)).toBe('https://h/v1/videos/x?v=1');
  });
});
