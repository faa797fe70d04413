import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROMPTS, formatSummary, runBatch } from '../../examples/batch.js';
import { startSoraEmulator, type SoraEmulator } from '../../src/emulator/index.js';
import { createSoraClient, type SoraClient } from '../../src/index.js';

describe('examples/batch.ts', () => {
  let emulator: SoraEmulator;
  let sora: SoraClient;
  let outDir: string;

  beforeAll(async () => {
    emulator = await startSoraEmulator({ timeScale: 0.01, pollAfterMs: 20 });
    sora = createSoraClient({ baseURL: emulator.baseURL, apiKey: 'sk-batch-test', logLevel: 'silent' });
    outDir = await mkdtemp(join(tmpdir(), 'sora-rx-batch-'));
  });

  afterAll(async () => {
    sora?.close();
    await emulator?.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('generates 10 videos with at most 3 jobs in flight and writes 10 files', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const seen = new Set<string>();
    const summary = await runBatch({
      sora,
      prompts: DEMO_PROMPTS,
      outDir,
      onProgress: (_prompt, video) => {
        if (!seen.has(video.id)) {
          seen.add(video.id);
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
        }
        if (video.status === 'completed' || video.status === 'failed') inFlight--;
      },
    });

    expect(summary.results).toHaveLength(10);
    expect(summary.succeeded).toBe(10);
    expect(summary.failed).toBe(0);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(summary.results.map((r) => r.prompt)).toEqual(DEMO_PROMPTS);

    const files = (await readdir(outDir)).filter((f) => f.endsWith('.mp4')).sort();
    expect(files).toHaveLength(10);
    expect(files[0]).toBe('video-01.mp4');
    expect(files.some((f) => f.endsWith('.part'))).toBe(false);
    for (const f of files) expect((await stat(join(outDir, f))).size).toBeGreaterThan(0);
    expect(summary.totalBytes).toBe(
      (await Promise.all(files.map((f) => stat(join(outDir, f))))).reduce((a, s) => a + s.size, 0),
    );
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos')).toHaveLength(10);
    expect(formatSummary(summary)).toContain('10 succeeded, 0 failed');
  });

  it('reports a failed job in the summary and carries on with the others', async () => {
    const failDir = join(outDir, 'with-failure');
    const summary = await runBatch({
      sora,
      prompts: ['a calm lake', '[fail] this prompt is rejected by the emulator', 'a windy field'],
      outDir: failDir,
    });
    expect(summary.succeeded).toBe(2);
    expect(summary.failed).toBe(1);
    const failed = summary.results[1]!;
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.code).toBe('moderation_blocked');
      expect(failed.videoId).toMatch(/^video_/);
    }
    expect((await readdir(failDir)).sort()).toEqual(['video-01.mp4', 'video-03.mp4']);
  });
});
