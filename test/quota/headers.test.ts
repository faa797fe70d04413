import { describe, expect, it } from 'vitest';
import { parseRateLimitDuration } from '../../src/quota/duration.js';
import { readRateLimitHeaders } from '../../src/quota/rate-limit-headers.js';
import { requestPriority } from '../../src/quota/priority.js';

describe('parseRateLimitDuration (OpenAI x-ratelimit-reset-* formats)', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['20ms', 20],
    ['1h2m3.5s', 3_723_500],
    ['0.5s', 500],
    ['2m', 120_000],
    ['1m30.25s', 90_250],
    ['1500us', 1.5],
    ['7', 7000],
    [' 3s ', 3000],
  ])('%s = %d ms', (text, ms) => expect(parseRateLimitDuration(text)).toBeCloseTo(ms, 6));

  it.each(['', 'abc', '1x', 's', '1s2', '-1s', '1.s', 'x'.repeat(100)])('%j is not a duration', (text) =>
    expect(parseRateLimitDuration(text)).toBeUndefined(),
  );
});

describe('readRateLimitHeaders', () => {
  it('reads the three request headers', () =>
    expect(
      readRateLimitHeaders({
        'x-ratelimit-limit-requests': '60',
        'x-ratelimit-remaining-requests': '59',
        'x-ratelimit-reset-requests': '1s',
      }),
    ).toEqual({ limit: 60, remaining: 59, resetMs: 1000 }));

  it('ignores malformed values one by one, and returns undefined when none is usable', () => {
    expect(
      readRateLimitHeaders({ 'x-ratelimit-limit-requests': 'lots', 'x-ratelimit-remaining-requests': '3' }),
    ).toEqual({
      remaining: 3,
    });
    expect(readRateLimitHeaders({ 'x-ratelimit-limit-tokens': '1000' })).toBeUndefined();
    expect(readRateLimitHeaders({ 'x-ratelimit-limit-requests': '0' })).toEqual({});
  });
});

describe('requestPriority', () => {
  it.each([
    ['POST', '/videos', undefined, 'high'],
    ['POST', '/videos/video_1/remix', undefined, 'high'],
    ['DELETE', '/videos/video_1', undefined, 'high'],
    ['GET', '/videos/video_1/content', 'stream', 'high'],
    ['GET', '/videos/video_1/content?variant=thumbnail', undefined, 'high'],
    ['GET', '/videos/video_1', undefined, 'low'],
    ['GET', '/videos', undefined, 'low'],
  ] as const)('%s %s is %s', (method, path, responseType, expected) =>
    expect(requestPriority({ method, path, responseType })).toBe(expected),
  );

  it("a create's own list (reconciling an ambiguous create) is high; a list of its own is low", () => {
    expect(requestPriority({ method: 'GET', path: '/videos' }, 'createVideo')).toBe('high');
    expect(requestPriority({ method: 'GET', path: '/videos' }, 'listVideos')).toBe('low');
    expect(requestPriority({ method: 'GET', path: '/videos/video_1' }, 'generateVideo')).toBe('low');
  });
});
