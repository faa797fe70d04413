import { describe, expect, it } from 'vitest';
import { VideoCancelledError, VideoExpiredError, VideoGenerationFailedError } from '../../../src/errors/index.js';
import {
  STATUS_ALIASES,
  isTerminalPhase,
  statusTable,
  terminalError,
  videoPhase,
} from '../../../src/streams/videos/video-phase.js';

describe('videoPhase: one status table', () => {
  it.each([
    ['queued', 'queued'],
    ['in_progress', 'in_progress'],
    ['completed', 'completed'],
    ['failed', 'failed'],
    ['processing', 'in_progress'],
    ['running', 'in_progress'],
    ['preprocessing', 'in_progress'],
    ['pending', 'queued'],
    ['succeeded', 'completed'],
    ['SUCCEEDED', 'completed'],
    ['cancelled', 'cancelled'],
    ['canceled', 'cancelled'],
    ['expired', 'expired'],
    ['rendering', 'in_progress'],
    ['', 'in_progress'],
  ])('%s -> %s', (status, phase) => {
    expect(videoPhase(status)).toBe(phase);
  });

  it('a client table extends (and may override) the default one', () => {
    const table = statusTable({ Done: 'completed', processing: 'queued' });
    expect(videoPhase('done', table)).toBe('completed');
    expect(videoPhase('processing', table)).toBe('queued');
    expect(videoPhase('succeeded', table)).toBe('completed');
    expect(STATUS_ALIASES['processing']).toBe('in_progress'); // the default is untouched
    expect(() => statusTable({ x: 'finished' as never })).toThrow(/unknown phase/);
  });

  it('terminal phases and their typed errors', () => {
    const v = { id: 'video_1', status: 'x', error: { code: 'boom', message: 'no' } };
    expect(terminalError(v, 'failed')).toBeInstanceOf(VideoGenerationFailedError);
    expect(terminalError(v, 'cancelled')).toMatchObject({ name: 'VideoCancelledError', code: 'video_cancelled' });
    expect(terminalError(v, 'cancelled')).toBeInstanceOf(VideoCancelledError);
    expect(terminalError(v, 'expired')).toBeInstanceOf(VideoExpiredError);
    expect(terminalError(v, 'expired')).toMatchObject({ code: 'video_expired', retryable: false });
    expect(terminalError(v, 'completed')).toBeUndefined();
    expect(terminalError(v, 'in_progress')).toBeUndefined();
    expect(['queued', 'in_progress'].map((p) => isTerminalPhase(p as never))).toEqual([false, false]);
    expect(new VideoGenerationFailedError({ id: 'v', status: 'failed' }).message).toBe(
      'Video v failed (no reason given)',
    );
    expect(new VideoGenerationFailedError({ id: 'v', status: 'failed', error: { code: '500' } }).code).toBe('500');
  });
});
