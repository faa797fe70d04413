import { describe, expect, it } from 'vitest';
import {
  AmbiguousRequestError,
  CancelledError,
  ConnectionError,
  InternalServerError,
  ServiceUnavailableError,
  TimeoutError,
  ValidationError,
} from '../../../src/errors/index.js';
import { backoffCeilingMs, classifyFailure, computeBackoffMs } from '../../../src/streams/operators/index.js';
import type { RetryDecision } from '../../../src/streams/operators/index.js';
import { httpError } from './helpers.js';

const cases: [label: string, error: unknown, get: RetryDecision, post: RetryDecision][] = [
  ['400', httpError(400), 'stop', 'stop'],
  ['401', httpError(401), 'stop', 'stop'],
  ['404', httpError(404), 'stop', 'stop'],
  ['408', httpError(408), 'retry', 'ambiguous'],
  ['409', httpError(409), 'retry', 'stop'],
  ['422', httpError(422), 'stop', 'stop'],
  ['429', httpError(429), 'retry', 'retry'],
  ['500', httpError(500), 'retry', 'ambiguous'],
  ['501', httpError(501), 'stop', 'ambiguous'],
  ['503', httpError(503), 'retry', 'ambiguous'],
  ['503 + Retry-After', httpError(503, { 'retry-after': '2' }), 'retry', 'retry'],
  ['504', httpError(504), 'retry', 'ambiguous'],
  ['ServiceUnavailableError without status', new ServiceUnavailableError('down'), 'retry', 'ambiguous'],
  ['x-should-retry: false on 429', httpError(429, { 'x-should-retry': 'false' }), 'stop', 'stop'],
  ['x-should-retry: true on 400', httpError(400, { 'x-should-retry': 'true' }), 'retry', 'retry'],
  ['TimeoutError', new TimeoutError(1000), 'retry', 'ambiguous'],
  [
    'unreadable 2xx body (invalid_json)',
    new InternalServerError('200 invalid JSON', { status: 200, code: 'invalid_json', retryable: true }),
    'retry',
    'ambiguous',
  ],
  ["ConnectionError('connect')", new ConnectionError('refused', { phase: 'connect' }), 'retry', 'retry'],
  ["ConnectionError('transfer')", new ConnectionError('reset'), 'retry', 'ambiguous'],
  ['CancelledError', new CancelledError(), 'stop', 'stop'],
  ['ValidationError', new ValidationError('seconds', 'must be 4, 8 or 12'), 'stop', 'stop'],
  ['AmbiguousRequestError', new AmbiguousRequestError(new TimeoutError(1)), 'stop', 'stop'],
  ['TypeError', new TypeError('bug'), 'stop', 'stop'],
  ['a string', 'oops', 'stop', 'stop'],
  ['a plain object with a status', { status: 503 }, 'stop', 'stop'],
];

describe('classifyFailure', () => {
  it.each(cases)('%s: GET %s, POST %s', (_label, error, get, post) => {
    expect(classifyFailure(error, true)).toBe(get);
    expect(classifyFailure(error, false)).toBe(post);
  });
});

describe('backoff', () => {
  const opts = { initialDelayMs: 500, multiplier: 2, maxDelayMs: 8000 };
  it('doubles up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffCeilingMs(n, opts))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(computeBackoffMs(2, opts, () => 0.5)).toBe(500);
    expect(computeBackoffMs(2, opts, () => 0)).toBe(0);
  });
  it('tolerates bad input: never negative, never NaN', () => {
    expect(backoffCeilingMs(0, opts)).toBe(500);
    expect(backoffCeilingMs(3, { initialDelayMs: -1, multiplier: NaN, maxDelayMs: 10 })).toBe(0);
    expect(backoffCeilingMs(3, { initialDelayMs: 100, multiplier: 0, maxDelayMs: NaN })).toBe(0);
    expect(computeBackoffMs(1, opts, () => NaN)).toBe(500);
    expect(computeBackoffMs(1, opts, () => 7)).toBe(500);
  });
});
