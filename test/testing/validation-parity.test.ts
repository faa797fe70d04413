import { PassThrough } from 'node:stream';
import { firstValueFrom } from 'rxjs';
import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { SoraClient } from '../../src/client-types.js';
import { createSoraClient } from '../../src/client.js';
import { ValidationError } from '../../src/errors/index.js';
import { MockSoraClient, createFakeTransport } from '../../src/testing/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- deliberately bad input from untyped callers */
const bad = (value: unknown): any => value;

type Case = [label: string, expectedField: string, call: (c: SoraClient) => Observable<unknown>];

const cases: Case[] = [
  ['empty prompt', 'prompt', (c) => c.createVideo({ prompt: '' })],
  ['prompt not a string', 'prompt', (c) => c.createVideo(bad({ prompt: 42 }))],
  ['prompt too long', 'prompt', (c) => c.createVideo({ prompt: 'x'.repeat(32_001) })],
  ['bad seconds', 'seconds', (c) => c.createVideo(bad({ prompt: 'a', seconds: 0 }))],
  ['fractional seconds', 'seconds', (c) => c.createVideo(bad({ prompt: 'a', seconds: '4.5' }))],
  ['bad size', 'size', (c) => c.createVideo(bad({ prompt: 'a', size: '1x' }))],
  ['empty model', 'model', (c) => c.createVideo({ prompt: 'a', model: ' ' })],
  [
    'both image refs',
    'input_reference',
    (c) => c.createVideo(bad({ prompt: 'a', input_reference: { image_url: 'u', file_id: 'f' } })),
  ],
  ['params not an object', 'params', (c) => c.createVideo(bad(null))],
  ['dot-dot id', 'id', (c) => c.getVideoStatus('..')],
  ['id too long', 'id', (c) => c.getVideoStatus('v'.repeat(4097))],
  ['empty id', 'id', (c) => c.getVideoStatus('')],
  ['id with control char', 'id', (c) => c.deleteVideo('a\nb')],
  ['cancel dot id', 'id', (c) => c.cancelVideo('..')],
  ['limit 0', 'limit', (c) => c.listVideos({ limit: 0 })],
  ['limit 101', 'limit', (c) => c.listVideos({ limit: 101 })],
  ['bad order', 'order', (c) => c.listVideos(bad({ order: 'up' }))],
  ['bad after', 'after', (c) => c.listVideos({ after: '.' })],
  ['remix bad id', 'id', (c) => c.remixVideo('a\u0000b', { prompt: 'x' })],
  ['remix empty prompt', 'prompt', (c) => c.remixVideo('video_1', { prompt: '  ' })],
  ['edit bad source', 'video', (c) => c.editVideo(bad({ prompt: 'x', video: 'video_1' }))],
  ['edit bad source id', 'video.id', (c) => c.editVideo({ prompt: 'x', video: { id: '' } })],
  ['extend no seconds', 'seconds', (c) => c.extendVideo(bad({ prompt: 'x', video: { id: 'video_1' } }))],
  ['character no name', 'name', (c) => c.createCharacter(bad({ name: '', video: new Uint8Array(1) }))],
  ['character long name', 'name', (c) => c.createCharacter({ name: 'n'.repeat(81), video: new Uint8Array(1) })],
  ['character id source', 'video', (c) => c.createCharacter(bad({ name: 'Rex', video: { id: 'video_1' } }))],
  ['get character bad id', 'id', (c) => c.getCharacter('.')],
  ['download no destination', 'destination', (c) => c.downloadVideo('video_1', bad({}))],
  ['download empty path', 'destination', (c) => c.downloadVideo('video_1', { destination: ' ' })],
  [
    'download bad variant',
    'variant',
    (c) => c.downloadVideo('video_1', bad({ destination: new PassThrough(), variant: 'gif' })),
  ],
  ['watch bad interval', 'intervalMs', (c) => c.watchVideo('video_1', { intervalMs: -1 })],
  ['watch bad deadline', 'deadlineMs', (c) => c.watchVideo('video_1', { deadlineMs: 0 })],
  ['watch bad slowdown', 'slowdownFactor', (c) => c.watchVideo('video_1', { slowdownFactor: 0.5 })],
  ['generate bad prompt', 'prompt', (c) => c.generateVideo({ prompt: '' })],
  ['generate bad download', 'download.destination', (c) => c.generateVideo({ prompt: 'a' }, bad({ download: {} }))],
  [
    'generate bad watch',
    'maxIntervalMs',
    (c) => c.generateVideo({ prompt: 'a' }, { watch: { minIntervalMs: 10, maxIntervalMs: 5 } }),
  ],
  ['negative timeoutMs', 'timeoutMs', (c) => c.getVideoStatus('video_1', { timeoutMs: -1 })],
  ['fractional maxRetries', 'maxRetries', (c) => c.deleteVideo('video_1', { maxRetries: 1.5 })],
];

async function fieldOf(call$: Observable<unknown>): Promise<string> {
  try {
    await firstValueFrom(call$);
  } catch (e) {
    if (e instanceof ValidationError) return e.field;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('validation parity: MockSoraClient vs the real client', () => {
  const transport = createFakeTransport();
  const real = createSoraClient({ transport, apiKey: 'test', logLevel: 'silent', maxRetries: 0 });
  const mock = new MockSoraClient();

  it.each(cases)('%s → ValidationError(%s) from both, nothing sent', async (_label, field, call) => {
    const sent = transport.requests.length;
    expect(await fieldOf(call(real))).toBe(field);
    expect(await fieldOf(call(mock))).toBe(field);
    expect(transport.requests.length).toBe(sent);
  });

  it.each<Case>([
    ['openai seconds 5', 'seconds', (c) => c.createVideo({ prompt: 'a', seconds: 5 })],
    ['openai size 832x480', 'size', (c) => c.createVideo({ prompt: 'a', size: '832x480' })],
    ['openai extend 24', 'seconds', (c) => c.extendVideo({ prompt: 'a', seconds: 24, video: { id: 'video_1' } })],
  ])("validation: 'openai' %s → ValidationError(%s) from both", async (_label, field, call) => {
    const strictReal = createSoraClient({ transport, apiKey: 'test', logLevel: 'silent', validation: 'openai' });
    const strictMock = new MockSoraClient({ config: { validation: 'openai' } });
    const sent = transport.requests.length;
    expect(await fieldOf(call(strictReal))).toBe(field);
    expect(await fieldOf(call(strictMock))).toBe(field);
    expect(transport.requests.length).toBe(sent);
  });

  it('the same bad inputs reject the same way through promises', async () => {
    await expect(real.promises.createVideo({ prompt: '' })).rejects.toMatchObject({
      field: 'prompt',
      code: 'invalid_input',
    });
    await expect(mock.promises.createVideo({ prompt: '' })).rejects.toMatchObject({
      field: 'prompt',
      code: 'invalid_input',
    });
  });

  it('healthCheck reports bad options as ok: false on both', async () => {
    const r = await real.promises.healthCheck({ timeoutMs: -1 });
    const m = await mock.promises.healthCheck({ timeoutMs: -1 });
    expect(r).toMatchObject({ ok: false, error: { field: 'timeoutMs' } });
    expect(m).toMatchObject({ ok: false, error: { field: 'timeoutMs' } });
  });
});
