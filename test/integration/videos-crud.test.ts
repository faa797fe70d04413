import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SoraEmulator } from '../../src/emulator/index.js';
import type { SoraClient } from '../../src/client-types.js';
import { NotFoundError } from '../../src/errors/api-errors.js';
import { clientFor, seen, startFastEmulator, tempDir, until } from './helpers.js';

let emu: SoraEmulator;
let sora: SoraClient;
const dir = tempDir();
const png = join(dir, 'ref.png');
writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));

beforeAll(async () => {
  emu = await startFastEmulator();
  sora = clientFor(emu);
});
afterAll(async () => {
  sora.close();
  await emu.close();
});
beforeEach(() => emu.reset());

const completed = async (id: string): Promise<void> => {
  await lastValueFrom(sora.watchVideo(id, { intervalMs: 30, minIntervalMs: 10, maxIntervalMs: 60 }));
};

describe('Videos API against the emulator', () => {
  it('createVideo (multipart, as the official SDK sends it) and getVideoStatus', async () => {
    const v = await lastValueFrom(sora.createVideo({ prompt: 'a fox', seconds: 8, size: '1280x720', model: 'sora-2' }));
    expect(v).toMatchObject({ object: 'video', status: 'queued', seconds: '8', size: '1280x720', prompt: 'a fox' });
    const got = await lastValueFrom(sora.getVideoStatus(v.id));
    expect(got.id).toBe(v.id);
    expect(emu.requests[0]!.bodySummary).toMatchObject({ kind: 'multipart', files: [] });
    expect(emu.requests[0]!.bodySummary.fields).toEqual(['prompt', 'model', 'seconds', 'size']);
  });

  it('createVideo with a reference image file sends multipart with the file part', async () => {
    const v = await lastValueFrom(sora.createVideo({ prompt: 'from image', input_reference: { path: png } }));
    expect(v.status).toBe('queued');
    const body = emu.requests[0]!.bodySummary;
    expect(body.kind).toBe('multipart');
    expect(body.files).toEqual([
      expect.objectContaining({ field: 'input_reference', filename: 'ref.png', contentType: 'image/png', size: 16 }),
    ]);
    expect(body.fields).toContain('prompt');
  });

  it('listVideos follows cursors over three pages; take(5) with limit 5 sends one request', async () => {
    for (let i = 0; i < 7; i++) await lastValueFrom(sora.createVideo({ prompt: `p${i}` }));
    emu.requests.length = 0;
    const all = await lastValueFrom(sora.listVideos({ limit: 3, order: 'asc' }).pipe(toArray()));
    expect(all.map((v) => v.prompt)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(emu.requests.map((r) => r.query.after ?? '-')).toEqual(['-', all[2]!.id, all[5]!.id]);

    emu.requests.length = 0;
    const five = await lastValueFrom(sora.listVideos({ limit: 5 }).pipe(take(5), toArray()));
    expect(five).toHaveLength(5);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen(emu)).toEqual(['GET /v1/videos']);
  });

  it('deleteVideo and cancelVideo', async () => {
    const a = await lastValueFrom(sora.createVideo({ prompt: 'to delete' }));
    await completed(a.id);
    await expect(lastValueFrom(sora.deleteVideo(a.id))).resolves.toEqual({
      id: a.id,
      object: 'video.deleted',
      deleted: true,
    });
    await expect(lastValueFrom(sora.getVideoStatus(a.id))).rejects.toBeInstanceOf(NotFoundError);
    const b = await lastValueFrom(sora.createVideo({ prompt: 'to cancel' }));
    await expect(lastValueFrom(sora.cancelVideo(b.id))).resolves.toMatchObject({ id: b.id, deleted: true });
    expect(seen(emu).filter((s) => s.startsWith('DELETE'))).toHaveLength(2);
  });

  it('remixVideo, editVideo (id and file), extendVideo', async () => {
    const src = await lastValueFrom(sora.createVideo({ prompt: 'source' }));
    await completed(src.id);
    const remix = await lastValueFrom(sora.remixVideo(src.id, { prompt: 'at night' }));
    expect(remix.remixed_from_video_id).toBe(src.id);
    const edit = await lastValueFrom(sora.editVideo({ prompt: 'add rain', video: { id: src.id } }));
    expect(edit.status).toBe('queued');
    const mp4 = join(dir, 'clip.mp4');
    writeFileSync(mp4, Buffer.alloc(2048, 7));
    const edit2 = await lastValueFrom(sora.editVideo({ prompt: 'add snow', video: { path: mp4 } }));
    expect(edit2.object).toBe('video');
    const ext = await lastValueFrom(sora.extendVideo({ prompt: 'more', seconds: 4, video: { id: src.id } }));
    expect(ext.object).toBe('video');
    const kinds = emu.requests.filter((r) => r.method === 'POST').map((r) => `${r.path} ${r.bodySummary.kind}`);
    expect(kinds).toEqual([
      '/v1/videos multipart',
      `/v1/videos/${src.id}/remix json`,
      '/v1/videos/edits json',
      '/v1/videos/edits multipart',
      '/v1/videos/extensions json',
    ]);
  });

  it('createCharacter (multipart) and getCharacter', async () => {
    const c = await lastValueFrom(sora.createCharacter({ name: 'Rex', video: Buffer.alloc(1024, 1) }));
    expect(c.name).toBe('Rex');
    const got = await lastValueFrom(sora.getCharacter(c.id!));
    expect(got).toEqual(c);
    expect(emu.requests[0]!.bodySummary.files?.[0]?.field).toBe('video');
  });

  it('healthCheck is ok against the emulator, and not ok (without erroring) against a closed port', async () => {
    const h = await lastValueFrom(sora.healthCheck());
    expect(h.ok).toBe(true);
    expect(emu.requests[0]).toMatchObject({ method: 'GET', path: '/v1/videos', query: { limit: '1' } });
    const down = clientFor({ baseURL: 'http://127.0.0.1:9/v1' });
    const bad = await lastValueFrom(down.healthCheck());
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.name).toBe('ConnectionError');
    // The emulator accepts keyless requests by default; one started with a key 401s a keyless client.
    const keyed = await startFastEmulator({ apiKey: 'sk-test' });
    try {
      const unauthorized = await lastValueFrom(clientFor(keyed, { apiKey: '' }).healthCheck());
      expect(unauthorized).toMatchObject({ ok: false, error: { name: 'AuthenticationError' } });
    } finally {
      await keyed.close();
    }
  });

  it('percent-encodes ids in paths', async () => {
    await expect(lastValueFrom(sora.getVideoStatus('video 1?x'))).rejects.toBeInstanceOf(NotFoundError);
    await until(() => emu.requests.length > 0);
    expect(emu.requests[0]!.path).toBe('/v1/videos/video%201%3Fx');
  });
});
