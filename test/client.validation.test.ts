import { lastValueFrom, of, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../src/client.js';
import type { SoraClient } from '../src/client-types.js';
import { ValidationError } from '../src/errors/validation-error.js';
import type { HttpRequest, Transport } from '../src/transport/types.js';
import { noopLogger } from '../src/telemetry/logger-like.js';

const requests: HttpRequest[] = [];
const spy: Transport = (req) => {
  requests.push(req);
  return of({ status: 200, headers: {}, data: {}, url: req.path });
};
const sora = createSoraClient({ apiKey: 'sk-test', transport: spy, logger: noopLogger });
const long = 'x'.repeat(32_001);
const notAny = <T>(v: unknown): T => v as T;

const cases: [string, string, (s: SoraClient) => Observable<unknown>][] = [
  ['empty prompt', 'prompt', (s) => s.createVideo({ prompt: '' })],
  ['blank prompt', 'prompt', (s) => s.createVideo({ prompt: '   ' })],
  ['prompt too long', 'prompt', (s) => s.createVideo({ prompt: long })],
  ['prompt not a string', 'prompt', (s) => s.createVideo(notAny({ prompt: 42 }))],
  ['params null', 'params', (s) => s.createVideo(notAny(null))],
  ['empty model', 'model', (s) => s.createVideo({ prompt: 'a', model: '' })],
  ['seconds 0', 'seconds', (s) => s.createVideo({ prompt: 'a', seconds: 0 })],
  ['seconds 4.5', 'seconds', (s) => s.createVideo({ prompt: 'a', seconds: 4.5 })],
  ['seconds "16s"', 'seconds', (s) => s.createVideo({ prompt: 'a', seconds: '16s' })],
  ['size 1920*1080', 'size', (s) => s.createVideo({ prompt: 'a', size: '1920*1080' })],
  [
    'both image_url and file_id',
    'input_reference',
    (s) => s.createVideo(notAny({ prompt: 'a', input_reference: { image_url: 'u', file_id: 'f' } })),
  ],
  [
    'missing reference file',
    'input_reference',
    (s) => s.createVideo({ prompt: 'a', input_reference: { path: '/nope/missing.png' } }),
  ],
  ['empty id', 'id', (s) => s.getVideoStatus('')],
  ['id with a lone surrogate', 'id', (s) => s.getVideoStatus('video_\ud800')],
  ['id ..', 'id', (s) => s.deleteVideo('..')],
  ['id .', 'id', (s) => s.cancelVideo('.')],
  ['id with control char', 'id', (s) => s.getVideoStatus('video\n1')],
  ['id too long', 'id', (s) => s.getVideoStatus('v'.repeat(4097))],
  ['limit 0', 'limit', (s) => s.listVideos({ limit: 0 })],
  ['limit 101', 'limit', (s) => s.listVideos({ limit: 101 })],
  ['limit 1.5', 'limit', (s) => s.listVideos({ limit: 1.5 })],
  ['order sideways', 'order', (s) => s.listVideos({ order: notAny('sideways') })],
  ['after ..', 'after', (s) => s.listVideos({ after: '..' })],
  ['remix empty prompt', 'prompt', (s) => s.remixVideo('video_1', { prompt: '' })],
  ['remix bad id', 'id', (s) => s.remixVideo('..', { prompt: 'p' })],
  ['edit without video', 'video', (s) => s.editVideo(notAny({ prompt: 'p' }))],
  ['edit video id bad', 'video.id', (s) => s.editVideo({ prompt: 'p', video: { id: '' } })],
  ['extend without seconds', 'seconds', (s) => s.extendVideo(notAny({ prompt: 'p', video: { id: 'v' } }))],
  ['character name empty', 'name', (s) => s.createCharacter({ name: '', video: Buffer.alloc(1) })],
  ['character name too long', 'name', (s) => s.createCharacter({ name: 'n'.repeat(81), video: Buffer.alloc(1) })],
  ['character video by id', 'video', (s) => s.createCharacter(notAny({ name: 'Rex', video: { id: 'v' } }))],
  ['getCharacter bad id', 'id', (s) => s.getCharacter('a\tb')],
  ['download without destination', 'destination', (s) => s.downloadVideo('video_1', notAny({}))],
  ['download bad variant', 'variant', (s) => s.downloadVideo('video_1', { destination: 'x', variant: notAny('gif') })],
  ['watch negative interval', 'intervalMs', (s) => s.watchVideo('video_1', { intervalMs: -5 })],
  ['watch zero deadline', 'deadlineMs', (s) => s.watchVideo('video_1', { deadlineMs: 0 })],
  ['generate bad prompt', 'prompt', (s) => s.generateVideo({ prompt: '' })],
  [
    'generate download without destination',
    'download.destination',
    (s) => s.generateVideo({ prompt: 'p' }, notAny({ download: {} })),
  ],
];

describe('invalid input: ValidationError naming the field, zero requests', () => {
  it.each(cases)('%s', async (_name, field, call) => {
    const before = requests.length;
    const obs = call(sora); // no synchronous throw
    const err = await lastValueFrom(obs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe(field);
    expect(requests.length).toBe(before);
  });

  it('has at least 20 cases, and nothing was ever sent', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(requests).toHaveLength(0);
  });

  it('the promise facade rejects the same way', async () => {
    await expect(sora.promises.createVideo({ prompt: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(sora.promises.listVideos({ limit: 0 })).rejects.toMatchObject({ field: 'limit' });
    expect(requests).toHaveLength(0);
  });
});
