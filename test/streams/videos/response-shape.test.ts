import { describe, expect, it } from 'vitest';
import {
  bodyAs,
  isVideo,
  isVideoCharacter,
  isVideoDeleted,
  isVideoList,
  type BodyGuard,
} from '../../../src/streams/videos/response-shape.js';
import { videoFixture } from '../../../src/testing/fixtures.js';

const res = (data: unknown) => ({ status: 200, headers: { 'x-request-id': 'req_1' }, data, url: 'http://x/v1' });
const video = videoFixture({ id: 'video_1' });

const cases: [string, BodyGuard<unknown>, unknown, boolean][] = [
  ['a video', isVideo, video, true],
  ['an empty body', isVideo, undefined, false],
  ['null', isVideo, null, false],
  ['an HTML page', isVideo, '<html>bad gateway</html>', false],
  ['a video without status', isVideo, { ...video, status: undefined }, false],
  ['a video with a string progress', isVideo, { ...video, progress: '50' }, false],
  ['a list page', isVideoList, { object: 'list', data: [video], has_more: false }, true],
  ['a list without data', isVideoList, { object: 'list', has_more: false }, false],
  ['a list holding a non-video', isVideoList, { data: [{}], has_more: false }, false],
  ['a deletion', isVideoDeleted, { id: 'video_1', object: 'video.deleted', deleted: true }, true],
  ['a deletion without deleted', isVideoDeleted, { id: 'video_1' }, false],
  ['a character', isVideoCharacter, { id: 'char_1', name: 'Rex', created_at: 1 }, true],
  ['a character with null fields', isVideoCharacter, { id: null, name: null, created_at: 1 }, true],
  ['a character with a numeric id', isVideoCharacter, { id: 1, name: 'Rex' }, false],
];

describe('bodyAs', () => {
  it.each(cases)('%s', (_label, guard, data, ok) => {
    if (ok) {
      expect(bodyAs(res(data), guard, 'X')).toBe(data);
    } else {
      expect(() => bodyAs(res(data), guard, 'X')).toThrow(
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
