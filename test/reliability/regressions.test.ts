/**
 * Deterministic repros of bugs the reliability suite found, kept as regression guards now that they are fixed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSoraEmulator, type SoraEmulator } from '../../src/emulator/index.js';
import { isSoraError } from '../../src/errors/index.js';
import { countBy, fastClient, tempDir } from './helpers.js';

describe('regressions found by the reliability suite', () => {
  let emu: SoraEmulator;
  beforeAll(async () => {
    // Jobs finish at creation: the create response already says `completed` (as a reconciled create can).
    emu = await startSoraEmulator({ queueMs: 0, renderMs: 0 });
  });
  afterAll(() => emu.close());

  // Was: when the created video is already `completed` (instant job, or an ambiguous create reconciled after the
  // job finished), the first watched value equalled `created` and was skipped although terminal, so generateVideo
  // completed after `created` with no `completed` event and no download.
  it('generateVideo emits completed and downloaded when the job is already complete at creation', async () => {
    const { dir, remove } = await tempDir('bug-instant');
    const client = fastClient(emu.baseURL);
    try {
      const events = await lastValueFrom(
        client
          .generateVideo({ prompt: 'instant job' }, { download: { destination: join(dir, 'out.mp4') } })
          .pipe(toArray()),
      );
      expect(events.map((e) => e.type)).toEqual(['created', 'completed', 'downloaded']);
    } finally {
      client.close();
      await remove();
    }
  });

  // Was a bug (reconciliation only looked at the 20 most recent videos, so concurrent ambiguous creates were
  // duplicated); fixed in 6cad6cf by one Idempotency-Key per call, which the emulator honours. Kept as a guard.
  it('concurrent ambiguous creates are reconciled without duplicates', async () => {
    const emu40 = await startSoraEmulator();
    emu40.inject({ kind: 'reset', when: 'after', method: 'POST', path: '/videos', times: 40 });
    const client = fastClient(emu40.baseURL);
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => lastValueFrom(client.createVideo({ prompt: `concurrent ${i}` }))),
      );
      const perPrompt = countBy(emu40.videos.list(), (v) => v.prompt ?? '');
      expect(emu40.videos.size).toBe(40);
      expect([...perPrompt].filter(([, n]) => n > 1)).toEqual([]);
    } finally {
      client.close();
      await emu40.close();
    }
  });

  // Was: a 200 with an empty body (or JSON `null`) gave `res.data` undefined and `video.status` threw an untyped
  // TypeError. Bodies are now checked against the expected shape (`invalid_response`).
  it('watchVideo on a 200 with an empty body errors with a typed error', async () => {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = fastClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    try {
      const error = await lastValueFrom(client.watchVideo('video_1', { deadlineMs: 2_000 })).catch((e: unknown) => e);
      expect(isSoraError(error)).toBe(true);
      expect(error).toMatchObject({ name: 'InternalServerError', code: 'invalid_response', status: 200 });
    } finally {
      client.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
