import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  UnprocessableEntityError,
  errorFromResponse,
} from '../../src/errors/index.js';
import { MAX_ERROR_BODY_CHARS, MAX_ERROR_MESSAGE_CHARS } from '../../src/errors/error-body.js';

const res = (status: number, data: unknown, headers: Record<string, string> = {}) => ({ status, headers, data });

describe('errorFromResponse reads every envelope; the class follows the status; code is a string', () => {
  it.each([
    [
      'OpenAI envelope, string code',
      res(404, { error: { message: 'No video', type: 'invalid_request_error', param: 'video_id', code: 'nf' } }),
      NotFoundError,
      { message: '404 No video', code: 'nf', type: 'invalid_request_error', param: 'video_id' },
    ],
    [
      'LiteLLM envelope, code = the status as a string',
      res(
        429,
        JSON.stringify({ error: { message: 'Rate limited', type: 'throttling_error', param: null, code: '429' } }),
      ),
      RateLimitError,
      { message: '429 Rate limited', code: '429' },
    ],
    [
      'vLLM envelope, numeric code',
      res(400, JSON.stringify({ error: { message: 'bad size', type: 'BadRequestError', code: 400 } })),
      BadRequestError,
      { message: '400 bad size', code: '400' },
    ],
    [
      '{ error: string }',
      res(401, '{"error":"invalid token"}'),
      AuthenticationError,
      { message: '401 invalid token', code: 'http_401' },
    ],
    [
      'problem+json (Prism)',
      res(
        422,
        JSON.stringify({
          type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY',
          title: 'Invalid request',
          status: 422,
          detail: 'Your request is not valid',
        }),
        { 'content-type': 'application/problem+json' },
      ),
      UnprocessableEntityError,
      { message: '422 Invalid request: Your request is not valid', code: 'http_422' },
    ],
    ['FastAPI detail', res(404, '{"detail":"Video not found"}'), NotFoundError, { message: '404 Video not found' }],
    [
      'FastAPI validation detail',
      res(422, { detail: [{ loc: ['body', 'seconds'], msg: 'String should match pattern' }] }),
      UnprocessableEntityError,
      { message: '422 String should match pattern' },
    ],
    ['plain text', res(502, 'upstream connect error'), InternalServerError, { message: '502 upstream connect error' }],
    [
      'an HTML page without title',
      res(500, '<html><body><h1>Internal</h1>\n<script>x()</script> <p>Server  Error</p></body></html>'),
      InternalServerError,
      { message: '500 Internal Server Error', code: 'http_500' },
    ],
  ])('%s', (_label, response, cls, fields) => {
    const e = errorFromResponse(response);
    expect(e).toBeInstanceOf(cls);
    expect(e).toMatchObject(fields);
    expect(typeof e.code).toBe('string');
  });

  it('uses at most the first 200 characters of a text body', () => {
    const e = errorFromResponse(res(500, 'y'.repeat(1000)));
    expect(e.message).toBe(`500 ${'y'.repeat(200)}`);
  });

  it('cuts a message longer than 2 KiB; the full text and body stay on the error, bounded', () => {
    const huge = 'm'.repeat(200_000);
    const e = errorFromResponse(res(400, { error: { message: huge, code: 'x' } })) as ApiError;
    expect(e.message.length).toBe(MAX_ERROR_MESSAGE_CHARS);
    expect(e.message.endsWith('…')).toBe(true);
    expect(e.fullMessage.length).toBe(MAX_ERROR_BODY_CHARS);
    expect(e.fullMessage.startsWith('400 mmm')).toBe(true);
    expect(e.body!.length).toBe(MAX_ERROR_BODY_CHARS);
    expect(Object.keys(e)).not.toContain('body');
    expect(Object.keys(e)).not.toContain('fullMessage');
    expect(JSON.stringify(e).length).toBeLessThan(4 * 1024);
  });

  it('a 3xx to a JSON request names the host it points to', () => {
    const e = errorFromResponse({
      status: 302,
      headers: { location: 'https://cdn.example.com/v/1.json' },
      data: '',
      url: 'https://api.example.com/v1/videos/1',
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'redirect_not_followed', status: 302, retryable: false });
    expect(e.message).toContain('cdn.example.com');
    const relative = errorFromResponse({
      status: 307,
      headers: { location: '/elsewhere' },
      data: '',
      url: 'http://127.0.0.1:9/v1',
    });
    expect(relative.message).toContain('127.0.0.1:9');
  });
});
