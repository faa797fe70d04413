import { describe, expect, it } from 'vitest';
import {
  bodyAs,
  parseVideo,
  parseVideoCharacter,
  parseVideoDeleted,
  parseVideoList,
  type BodyParser,
} from '../../../src/streams/videos/response-shape.js';
import { videoFixture } from '../../../src/testing/fixtures.js';

const res = (data: unknown) => ({ status: 200, headers: { 'x-request-id': 'req_1' }, data, url: 'http://x/v1' });
const video = videoFixture({ id: 'video_1' });

const cases: [string, BodyParser<unknown>, unknown, boolean][] = [
  ['a video', parseVideo, video, true],
  [
    'a bare LiteLLM/Veo video (id, object, status)',
    parseVideo,
    { id: 'v', object: 'video', status: 'processing' },
    true,
  ],
  ['an empty body', parseVideo, undefined, false],
  ['null', parseVideo, null, false],
  ['an HTML page', parseVideo, '<html>bad gateway</html>', false],
  ['a video without status', parseVideo, { ...video, status: undefined }, false],
  ['a video with a numeric id', parseVideo, { ...video, id: 1 }, false],
  ['a list page', parseVideoList, { object: 'list', data: [video], has_more: false }, true],
  ['a list without data', parseVideoList, { object: 'list', has_more: false }, false],
  ['a list holding a non-video', parseVideoList, { data: [{}], has_more: false }, false],
  ['a deletion', parseVideoDeleted, { id: 'video_1', object: 'video.deleted', deleted: true }, true],
  ['a deletion without deleted', parseVideoDeleted, { id: 'video_1' }, false],
  ['a character', parseVideoCharacter, { id: 'char_1', name: 'Rex', created_at: 1 }, true],
  ['a character with null fields', parseVideoCharacter, { id: null, name: null, created_at: 1 }, true],
  ['a character with a numeric id', parseVideoCharacter, { id: 1, name: 'Rex' }, false],
];

describe('bodyAs', () => {
  it.each(cases)('%s', (_label, parse, data, ok) => {
    if (ok) {
      expect(bodyAs(res(data), parse, 'X')).toEqual(data);
    } else {
      expect(() => bodyAs(res(data), parse, 'X')).toThrow(
        expect.objectContaining({
          name: 'InternalServerError',
          code: 'invalid_response',
          status: 200,
          requestId: 'req_1',
          retryable: false,
        }),
      );
    }
  });
});
