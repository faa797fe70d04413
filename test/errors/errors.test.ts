import { describe, expect, it } from 'vitest';
import {
  AmbiguousRequestError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  CancelledError,
  ConflictError,
  ConnectionError,
  errorFromResponse,
  InternalServerError,
  isSoraError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  SoraError,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
  VideoGenerationFailedError,
} from '../../src/errors/index.js';

type ErrorClass = abstract new (...args: never[]) => SoraError;
const envelope = {
  error: { message: 'Something is off', type: 'invalid_request_error', param: 'seconds', code: null },
};
const headers = { 'x-request-id': 'req_123', 'content-type': 'application/json' };

const table: [status: number, name: string, cls: ErrorClass, retryable: boolean][] = [
  [400, 'BadRequestError', BadRequestError, false],
  [401, 'AuthenticationError', AuthenticationError, false],
  [403, 'PermissionDeniedError', PermissionDeniedError, false],
  [404, 'NotFoundError', NotFoundError, false],
  [408, 'ApiError', ApiError, true],
  [409, 'ConflictError', ConflictError, true],
  [418, 'ApiError', ApiError, false],
  [422, 'UnprocessableEntityError', UnprocessableEntityError, false],
  [429, 'RateLimitError', RateLimitError, true],
  [500, 'InternalServerError', InternalServerError, true],
  [502, 'InternalServerError', InternalServerError, true],
  [503, 'ServiceUnavailableError', ServiceUnavailableError, true],
  [504, 'InternalServerError', InternalServerError, true],
];

describe('errorFromResponse', () => {
  it.each(table)('%i -> %s', (status, name, cls, retryable) => {
    const e = errorFromResponse({ status, headers, data: envelope });
    expect(e).toBeInstanceOf(cls);
    expect(e).toBeInstanceOf(SoraError);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({
      name,
      code: `http_${status}`,
      retryable,
      status,
      statusCode: status,
      requestId: 'req_123',
      param: 'seconds',
      type: 'invalid_request_error',
      message: `${status} Something is off`,
    });
    expect(isSoraError(e)).toBe(true);
    expect((e as unknown as { headers: unknown }).headers).toEqual(headers);
    expect(Object.keys(e)).not.toContain('headers');
    expect(e.toJSON()).not.toHaveProperty('headers');
    expect(JSON.parse(JSON.stringify(e))).toEqual(e.toJSON());
  });

  it("uses the envelope's code when there is one", () => {
    const data = { error: { message: 'Slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' } };
    expect(errorFromResponse({ status: 429, headers: {}, data })).toMatchObject({
      code: 'rate_limit_exceeded',
      param: undefined,
    });
  });

  it.each([
    ['a JSON string body', '{"error":{"message":"bad seconds"}}', '400 bad seconds'],
    ['a non-JSON body', 'Bad Gateway from upstream', '400 Bad Gateway from upstream'],
    ['an HTML page (its title)', '<html><title>502 Bad Gateway</title><p>nginx</p></html>', '400 502 Bad Gateway'],
    ['an empty string body', '', '400 status code (no body)'],
    ['no body', undefined, '400 status code (no body)'],
    ['null', null, '400 status code (no body)'],
    ['an object without envelope', { unknown: 'x' }, '400 error'],
  ])('message from %s', (_label, data, message) => {
    const e = errorFromResponse({ status: 400, headers: {}, data });
    expect(e.message).toBe(message);
    expect(e.requestId).toBeUndefined();
  });

  it.each([
    [{ 'retry-after-ms': '1500' }, 1500],
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': 'Thu, 01 Jan 1970 00:00:05 GMT' }, 4000],
    [{ 'retry-after': 'later' }, undefined],
    [{}, undefined],
  ])('RateLimitError.retryAfterMs from %o is %s', (h, expected) => {
    const e = errorFromResponse({ status: 429, headers: h, data: envelope }, () => 1000);
    expect((e as RateLimitError).retryAfterMs).toBe(expected);
  });
});

describe('secrets stay out', () => {
  const secret = 'sk-test-SECRET123456';
  const bearer = 'Bearer xyz.abcdef.ghijkl';

  it('redacts message, toJSON, JSON.stringify and the stack', () => {
    const cause = new Error(`upstream said Authorization: ${bearer} for ${secret}`);
    const e = new SoraError(`failed with ${secret} and ${bearer}`, { cause, code: 'x' });
    for (const text of [e.message, JSON.stringify(e.toJSON()), JSON.stringify(e), String(e.stack)]) {
      expect(text).not.toContain('SECRET123456');
      expect(text).not.toContain('xyz.abcdef');
    }
    expect(e.message).toBe('failed with [REDACTED] and [REDACTED]');
    expect(e.toJSON().cause).toEqual({
      name: 'Error',
      message: 'upstream said Authorization: [REDACTED] for [REDACTED]',
    });
    expect(e.cause).toBe(cause);
    expect(Object.keys(e)).not.toContain('cause');
  });

  it('redacts a key echoed in an API error body, and never serializes headers', () => {
    const data = {
      error: { message: `Incorrect API key provided: ${secret}`, type: 'auth', param: null, code: 'invalid_api_key' },
    };
    const e = errorFromResponse({ status: 401, headers: { authorization: bearer, 'x-request-id': 'r' }, data });
    expect(e.message).toBe('401 Incorrect API key provided: [REDACTED]');
    const json = JSON.stringify(e);
    expect(json).not.toContain('SECRET123456');
    expect(json).not.toContain('xyz');
    expect(json).not.toContain('headers');
  });
});

describe('error classes', () => {
  it('isSoraError is a brand check (works across module copies), false for other values', () => {
    expect(isSoraError(new CancelledError())).toBe(true);
    expect(isSoraError({ [Symbol.for('sora-rx.error')]: true })).toBe(true);
    for (const v of [new Error('x'), new TypeError('x'), {}, null, undefined, 'SoraError', 42])
      expect(isSoraError(v)).toBe(false);
  });

  it('TimeoutError is a ServiceUnavailableError with reason timeout', () => {
    const e = new TimeoutError(30_000);
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect(e).toMatchObject({
      name: 'TimeoutError',
      reason: 'timeout',
      timeoutMs: 30_000,
      code: 'timeout',
      statusCode: 504,
      retryable: true,
      status: undefined,
    });
    expect(e.message).toBe('Request timed out after 30000 ms');
    expect(new ServiceUnavailableError('down')).toMatchObject({ reason: 'unavailable', statusCode: 503, headers: {} });
  });

  it('AmbiguousRequestError keeps the cause and its identifiers', () => {
    const cause = errorFromResponse({ status: 500, headers: { 'x-request-id': 'req_9' }, data: envelope });
    const e = new AmbiguousRequestError(cause);
    expect(e.cause).toBe(cause);
    expect(e).toMatchObject({
      name: 'AmbiguousRequestError',
      code: 'ambiguous_request',
      retryable: false,
      status: 500,
      statusCode: 500,
      requestId: 'req_9',
    });
    expect(e.message).toContain('500 Something is off');
    expect(e.toJSON().cause).toEqual({
      name: 'InternalServerError',
      message: '500 Something is off',
      code: 'http_500',
    });
  });

  it.each([
    [
      new ValidationError('prompt', 'must not be empty'),
      {
        name: 'ValidationError',
        code: 'invalid_input',
        statusCode: 400,
        field: 'prompt',
        param: 'prompt',
        message: 'prompt: must not be empty',
      },
    ],
    [new CancelledError(), { name: 'CancelledError', code: 'cancelled', statusCode: 499, retryable: false }],
    [
      new ConnectionError('socket hang up'),
      { name: 'ConnectionError', phase: 'transfer', code: 'connection_error', statusCode: 502, retryable: true },
    ],
    [new ConnectionError('ECONNREFUSED', { phase: 'connect' }), { phase: 'connect' }],
    [
      new VideoGenerationFailedError({
        id: 'video_1',
        status: 'failed',
        error: { code: 'moderation_blocked', message: 'no' },
      }),
      {
        name: 'VideoGenerationFailedError',
        code: 'moderation_blocked',
        statusCode: 422,
        message: 'Video video_1 failed (moderation_blocked: no)',
      },
    ],
    [new SoraError('plain'), { name: 'SoraError', code: 'sora_error', statusCode: 500, retryable: false }],
  ])('%s has the right fields', (e, fields) => {
    expect(e).toMatchObject(fields);
    expect(isSoraError(e)).toBe(true);
  });
});
