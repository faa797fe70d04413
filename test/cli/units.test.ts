import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  NotFoundError,
  RateLimitError,
  ValidationError,
  VideoGenerationFailedError,
} from '../../src/index.js';
import { ExitCode, UsageError, exitCodeFor, formatErrorLine, reportFor } from '../../src/cli/errors.js';
import { describeVideo, formatTable, truncate } from '../../src/cli/format.js';
import { createCliLogger } from '../../src/cli/logger.js';
import { Output } from '../../src/cli/output.js';
import { fakeIo } from './helpers.js';
import { formatBytes, pathsFor, variantsFrom } from '../../src/cli/paths.js';
import { estimateEtaMs, formatElapsed } from '../../src/cli/progress.js';
import { chooseEndpoint } from '../../src/cli/session.js';
import { formatSpanTree, type SpanLike } from '../../src/cli/span-tree.js';
import { videoFixture } from '../../src/testing/index.js';

describe('error lines', () => {
  it('says what failed, the request id and what to do', () => {
    const e = new RateLimitError('429 Slow down', { status: 429, requestId: 'req_1', retryAfterMs: 6500 });
    expect(formatErrorLine(e, 'status')).toBe(
      'error: status failed: 429 Slow down (request req_1) - wait 7 s: rate limited',
    );
    expect(formatErrorLine(new NotFoundError('404 nope', { status: 404 }))).toContain('check the video id');
    expect(formatErrorLine(new AuthenticationError('401 bad key', { status: 401 }))).toContain('set OPENAI_API_KEY');
    expect(formatErrorLine(new Error('boom\n  more'))).toBe('error: boom more');
    expect(reportFor(new RateLimitError('429', { status: 429 })).hint).toBe('wait a little: rate limited');
  });

  it('maps errors to exit codes', () => {
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownOption', 'x'))).toBe(ExitCode.usage);
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', 'x'))).toBe(ExitCode.ok);
    expect(exitCodeFor(new UsageError('x'))).toBe(2);
    expect(exitCodeFor(new ValidationError('prompt', 'must not be empty'))).toBe(2);
    const failed = new VideoGenerationFailedError(
      videoFixture({ status: 'failed', error: { code: 'moderation_blocked', message: 'no' } }),
    );
    expect(exitCodeFor(failed)).toBe(1);
    expect(formatErrorLine(failed)).toContain('change the prompt');
  });
});

describe('endpoint choice', () => {
  it('uses the embedded emulator without key and base URL, or with --emulator', () => {
    expect(chooseEndpoint({ emulator: false }, {})).toMatchObject({ embedded: true, reason: 'no API key set' });
    expect(chooseEndpoint({ emulator: true }, { OPENAI_API_KEY: 'sk-real' })).toMatchObject({ embedded: true });
    expect(chooseEndpoint({ emulator: false }, { OPENAI_API_KEY: 'sk-real' })).toMatchObject({
      embedded: false,
      apiKey: 'sk-real',
    });
    expect(chooseEndpoint({ emulator: false, baseUrl: 'https://x/v1' }, {})).toMatchObject({ embedded: false });
  });
});

describe('paths, table and progress helpers', () => {
  it('names the files', () => {
    expect(pathsFor('video_1', ['video', 'thumbnail', 'spritesheet'], { outDir: 'out' })).toEqual([
      'out/video_1.mp4',
      'out/video_1.webp',
      'out/video_1.spritesheet.webp',
    ]);
    expect(pathsFor('video_1', ['video', 'thumbnail'], { out: 'fox.mp4' })).toEqual(['fox.mp4', 'fox.webp']);
    expect(pathsFor('video_1', ['thumbnail'], {})).toEqual(['video_1.webp']);
    expect(variantsFrom(undefined, true)).toEqual(['video', 'thumbnail']);
    expect(variantsFrom(['thumbnail'], true)).toEqual(['thumbnail']);
    expect([formatBytes(10), formatBytes(7293), formatBytes(2_500_000)]).toEqual(['10 B', '7.3 kB', '2.5 MB']);
  });

  it('formats the list table and a video', () => {
    const v = videoFixture({ id: 'video_abc', status: 'completed', progress: 100, prompt: 'a fox' });
    const [header, row] = formatTable([v]);
    expect(header).toMatch(/^ID\s+STATUS\s+%\s+MODEL/);
    expect(row).toMatch(/^video_abc\s+completed\s+100\s+/);
    expect(formatTable([])).toEqual(['(no videos)']);
    expect(describeVideo({ ...v, error: { code: 'x', message: 'y' } }).at(-1)).toBe('  error: x: y');
    expect(truncate('a'.repeat(50), 10)).toHaveLength(10);
  });

  it('estimates elapsed time and ETA', () => {
    expect(formatElapsed(65_000)).toBe('1m 05s');
    expect(formatElapsed(1_400)).toBe('1s');
    expect(estimateEtaMs(0, 10_000, 50)).toBe(10_000);
    expect(estimateEtaMs(undefined, 10_000, 50)).toBeUndefined();
    expect(estimateEtaMs(0, 100, 10)).toBeUndefined();
    expect(estimateEtaMs(0, 100, 100)).toBe(0);
  });

  it('logs readable lines (pino-pretty) in human mode, even off a terminal, and JSON lines with --json', () => {
    const human = fakeIo({ OPENAI_API_KEY: 'sk-never-printed-0123' });
    const humanOutput = new Output(human, false);
    humanOutput.addSecret('sk-never-printed-0123');
    createCliLogger('warn', humanOutput).warn({ retryNumber: 2, note: 'sk-never-printed-0123' }, 'retrying request');
    const line = human.err();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN \(sora-rx\): retrying request \{"retryNumber":2,/);
    expect(line.trim().split('\n')).toHaveLength(1);
    expect(line).not.toContain('sk-never-printed-0123');
    expect(line).not.toContain('\u001b['); // no colours off a terminal

    const json = fakeIo();
    createCliLogger('warn', new Output(json, true)).warn({ retryNumber: 2 }, 'retrying request');
    expect(JSON.parse(json.err())).toMatchObject({
      level: 40,
      name: 'sora-rx',
      retryNumber: 2,
      msg: 'retrying request',
    });
  });
});

describe('span tree', () => {
  const span = (
    id: string,
    parent: string | undefined,
    name: string,
    ms: number,
    attrs = {},
    status = 0,
  ): SpanLike => ({
    name,
    spanContext: () => ({ traceId: 't1', spanId: id }),
    parentSpanContext: parent ? { spanId: parent } : undefined,
    startTime: [Number(id.slice(1)), 0],
    duration: [0, ms * 1e6],
    attributes: attrs,
    status: { code: status },
  });

  it('indents children, groups repeated polls and shows status and resend count', () => {
    const lines = formatSpanTree([
      span('s1', undefined, 'sora.generateVideo', 2500, { 'sora.video.id': 'video_1' }),
      span('s2', 's1', 'POST /videos', 12, { 'http.request.method': 'POST', 'http.response.status_code': 503 }, 2),
      span('s3', 's1', 'POST /videos', 10, {
        'http.request.method': 'POST',
        'http.response.status_code': 200,
        'http.request.resend_count': 1,
      }),
      span('s4', 's1', 'GET /videos/{video_id}', 3, { 'http.request.method': 'GET', 'http.response.status_code': 200 }),
      span('s5', 's1', 'GET /videos/{video_id}', 5, { 'http.request.method': 'GET', 'http.response.status_code': 200 }),
      span('s6', 's1', 'sora.downloadVideo', 7, { 'error.type': 'ConnectionError' }, 2),
    ]);
    expect(lines).toEqual([
      'trace: 6 spans in t1',
      'sora.generateVideo  2.50 s  video=video_1',
      '├─ POST /videos  12 ms  503  error',
      '├─ POST /videos  10 ms  200  resend 1',
      '├─ GET /videos/{video_id} ×2  4 ms avg  200',
      '└─ sora.downloadVideo  7 ms  error=ConnectionError',
    ]);
    expect(formatSpanTree([])).toEqual(['trace: no spans recorded']);
  });
});
