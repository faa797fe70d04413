import { lastValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getSoraClient, resetSoraClient } from '../src/client.js';
import type { SoraClient } from '../src/client-types.js';
import type { SoraEmulator } from '../src/emulator/index.js';
import { VideoGenerationFailedError } from '../src/errors/job-errors.js';
import * as api from '../src/index.js';
import { clientFor, startFastEmulator, tempDir } from './integration/helpers.js';

let emu: SoraEmulator;
let sora: SoraClient;
const fast = { intervalMs: 20, minIntervalMs: 10, maxIntervalMs: 40 };
beforeAll(async () => {
  emu = await startFastEmulator();
  sora = clientFor(emu);
});
afterAll(async () => {
  sora.close();
  await emu.close();
});

describe('promise facade', () => {
  it('every method resolves with the documented value', async () => {
    const p = sora.promises;
    const v = await p.createVideo({ prompt: 'promised' });
    expect((await p.getVideoStatus(v.id)).id).toBe(v.id);
    const final = await p.watchVideo(v.id, fast);
    expect(final.status).toBe('completed');
    for (let i = 0; i < 4; i++) await p.createVideo({ prompt: `more ${i}` });
    expect(await p.listVideos({ limit: 2 })).toHaveLength(5);
    expect(await p.listVideos({ limit: 2, max: 3 })).toHaveLength(3);
    const dl = await p.downloadVideo(v.id, { destination: `${tempDir()}/a.mp4` });
    expect(dl.done).toBe(true);
    expect((await p.remixVideo(v.id, { prompt: 'r' })).remixed_from_video_id).toBe(v.id);
    expect((await p.editVideo({ prompt: 'e', video: { id: v.id } })).object).toBe('video');
    expect((await p.extendVideo({ prompt: 'x', seconds: '4', video: { id: v.id } })).object).toBe('video');
    const c = await p.createCharacter({ name: 'Rex', video: new Blob([new Uint8Array(8)]) });
    expect((await p.getCharacter(c.id!)).name).toBe('Rex');
    const last = await p.generateVideo({ prompt: 'gen' }, { watch: fast });
    expect(last.type).toBe('completed');
    expect(await p.healthCheck()).toMatchObject({ ok: true });
    expect(await p.deleteVideo(v.id)).toMatchObject({ deleted: true });
    const other = await p.createVideo({ prompt: 'cancel me' });
    expect(await p.cancelVideo(other.id)).toMatchObject({ id: other.id, object: 'video.deleted' });
  });

  it('rejects with the same typed errors', async () => {
    const v = await sora.promises.createVideo({ prompt: 'x [fail]' });
    await expect(sora.promises.watchVideo(v.id, fast)).rejects.toBeInstanceOf(VideoGenerationFailedError);
    await expect(sora.promises.getVideoStatus('video_none')).rejects.toMatchObject({
      name: 'NotFoundError',
      status: 404,
    });
  });
});

describe('getSoraClient / resetSoraClient', () => {
  const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
  afterEach(() => {
    resetSoraClient();
    process.env.OPENAI_API_KEY = saved.key;
    process.env.OPENAI_BASE_URL = saved.url;
    if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
    if (saved.url === undefined) delete process.env.OPENAI_BASE_URL;
  });

  it('builds one shared client lazily from the environment; reset forgets it', async () => {
    process.env.OPENAI_API_KEY = 'sk-env';
    process.env.OPENAI_BASE_URL = emu.baseURL;
    const a = getSoraClient();
    expect(getSoraClient()).toBe(a);
    expect(a.config.baseURL).toBe(emu.baseURL);
    await expect(lastValueFrom(a.healthCheck())).resolves.toMatchObject({ ok: true });
    resetSoraClient();
    process.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/v1';
    const b = getSoraClient();
    expect(b).not.toBe(a);
    expect(b.config.baseURL).toBe('http://127.0.0.1:9/v1');
  });
});

describe('public entry', () => {
  it('exports the client factory, errors and operators by name', () => {
    for (const name of [
      'createSoraClient',
      'getSoraClient',
      'resetSoraClient',
      'ValidationError',
      'AmbiguousRequestError',
      'VideoGenerationFailedError',
      'isSoraError',
      'retryWithBackoff',
      'withTimeout',
      'withCancellation',
    ]) {
      expect(api).toHaveProperty(name);
    }
  });
});
