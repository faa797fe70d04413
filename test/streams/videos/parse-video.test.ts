import { describe, expect, it } from 'vitest';
import {
  MS_TIMESTAMP_THRESHOLD,
  parseJobError,
  parseVideo,
  parseVideoList,
  toUnixSeconds,
} from '../../../src/streams/videos/parse-video.js';
import { videoFixture } from '../../../src/testing/fixtures.js';

describe('parseVideo (liberal, typed)', () => {
  it('keeps an OpenAI video as it is', () => {
    const v = videoFixture({ id: 'video_1' });
    expect(parseVideo(v)).toEqual(v);
  });

  it('needs only a string id and status, and makes nothing up (no progress, no timestamps)', () => {
    const v = parseVideo({ id: 'video_abc', object: 'video', status: 'processing' })!;
    expect(v).toEqual({ id: 'video_abc', object: 'video', status: 'processing' });
    expect('progress' in v).toBe(false);
    expect('created_at' in v).toBe(false);
  });

  it('keeps extra fields as sent (LiteLLM usage, vLLM-Omni quality, new-api task_id)', () => {
    const v = parseVideo({
      id: 'video_gen_1',
      status: 'queued',
      usage: { duration_seconds: 8 },
      quality: 'default',
      inference_time_s: 12.5,
      task_id: 't-1',
    })!;
    expect(v['usage']).toEqual({ duration_seconds: 8 });
    expect(v['quality']).toBe('default');
    expect(v['inference_time_s']).toBe(12.5);
    expect(v['task_id']).toBe('t-1');
  });

  it('drops known fields of the wrong type rather than passing them on mistyped', () => {
    const v = parseVideo({
      id: 'v',
      status: 'queued',
      progress: '50',
      model: 7,
      size: null,
      prompt: 5,
      created_at: 'yesterday',
      completed_at: {},
      error: 42,
    })!;
    expect(v).toEqual({ id: 'v', status: 'queued' });
  });

  it('turns a numeric seconds into the wire string', () => {
    expect(parseVideo({ id: 'v', status: 'queued', seconds: 5 })!.seconds).toBe('5');
  });

  it('normalises millisecond timestamps to seconds (> 1e11 means ms) and keeps null ones', () => {
    const v = parseVideo({
      id: 'v',
      status: 'completed',
      created_at: 1_764_547_200_123,
      completed_at: 1_764_547_260_999,
      expires_at: null,
    })!;
    expect(v.created_at).toBe(1_764_547_200);
    expect(v.completed_at).toBe(1_764_547_260);
    expect(v.expires_at).toBeNull();
    expect(parseVideo({ id: 'v', status: 'queued', created_at: 1_764_547_200 })!.created_at).toBe(1_764_547_200);
  });

  it('reads job errors with a numeric code, a string code, or a bare string', () => {
    expect(parseVideo({ id: 'v', status: 'failed', error: { code: 500, message: 'OOM' } })!.error).toEqual({
      code: '500',
      message: 'OOM',
    });
    expect(parseJobError({ code: 'moderation_blocked', message: 'no' })).toEqual({
      code: 'moderation_blocked',
      message: 'no',
    });
    expect(parseJobError('render crashed')).toEqual({ message: 'render crashed' });
    expect(parseJobError(null)).toBeNull();
  });
});

describe('toUnixSeconds', () => {
  it.each([
    [0, 0],
    [1_735_689_600, 1_735_689_600],
    [MS_TIMESTAMP_THRESHOLD, MS_TIMESTAMP_THRESHOLD],
    [MS_TIMESTAMP_THRESHOLD + 1, Math.floor((MS_TIMESTAMP_THRESHOLD + 1) / 1000)],
    [1_735_689_600_500, 1_735_689_600],
  ])('%d -> %d', (input, expected) => {
    expect(toUnixSeconds(input)).toBe(expected);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], ['1735689600'], [null]])('%s -> undefined', (input) => {
    expect(toUnixSeconds(input)).toBeUndefined();
  });
});

describe('parseVideoList', () => {
  it('reads a page without has_more / first_id / last_id (a missing has_more is false)', () => {
    expect(parseVideoList({ data: [{ id: 'v', status: 'queued' }] })).toEqual({
      data: [{ id: 'v', status: 'queued' }],
      has_more: false,
    });
  });

  it('normalises the timestamps of every item', () => {
    const page = parseVideoList({
      data: [{ id: 'v', status: 'queued', created_at: 1_764_547_200_000 }],
      has_more: true,
    });
    expect(page?.data[0]?.created_at).toBe(1_764_547_200);
    expect(page?.has_more).toBe(true);
  });
});
