/**
 * Leaks: ~10,000 random operations subscribed and unsubscribed at random moments (seeded). Afterwards: no handles
 * beyond the baseline, no sockets open on the emulator once the client is closed, no `.part` files, and the heap
 * back within 10 % of its baseline after GC.
 */
import { join } from 'node:path';
import type { Observable, Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SoraClient } from '../../src/client-types.js';
import { startSoraEmulator, type SoraEmulator } from '../../src/emulator/index.js';
import { fastClient, forceGc, listDir, pick, seededRandom, sleep, tempDir } from './helpers.js';

// LEAK_OPS=30000 shows the growth is fixed (warm-up), not per operation: 30,000 ops grow the heap less than 10,000.
const OPERATIONS = Number(process.env.LEAK_OPS ?? 10_000);
const CONCURRENCY = 200;

function resourceCounts(): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) out.set(name, (out.get(name) ?? 0) + 1);
  return out;
}

/** Resource kinds whose count grew past the baseline. */
function grownResources(baseline: Map<string, number>): Record<string, number> {
  const grown: Record<string, number> = {};
  for (const [name, n] of resourceCounts())
    if (n > (baseline.get(name) ?? 0)) grown[name] = n - (baseline.get(name) ?? 0);
  return grown;
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await sleep(10);
}

describe('leaks', () => {
  let emu: SoraEmulator;
  beforeAll(async () => {
    emu = await startSoraEmulator({ timeScale: 0.05, maxRecordedRequests: 50 });
  });
  afterAll(() => emu.close());

  it(
    `${OPERATIONS} random subscribe/unsubscribe cycles leave no handles, sockets, files or heap`,
    { timeout: 90_000 },
    async () => {
      const random = seededRandom(424242);
      const { dir, remove } = await tempDir('leaks');
      const ids: string[] = [];
      const operations: Array<(client: SoraClient, i: number) => Observable<unknown>> = [
        (c) => c.getVideoStatus(ids[pick(random, ids.length)]!),
        (c) => c.watchVideo(ids[pick(random, ids.length)]!, { intervalMs: 5, minIntervalMs: 5 }),
        (c) => c.listVideos({ limit: 5 }),
        (c) => c.healthCheck(),
        (c, i) => c.downloadVideo(ids[pick(random, ids.length)]!, { destination: join(dir, `d-${i}.mp4`) }),
        (c, i) => c.createVideo({ prompt: `leak ${i}` }),
        (c) => c.getVideoStatus('video_does_not_exist'),
      ];
      const run = async (client: SoraClient, count: number): Promise<void> => {
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < count) {
            const i = next++;
            const op = operations[i % 6 === 5 && random() > 0.2 ? 0 : pick(random, operations.length)]!;
            const unsubscribeAfter = pick(random, 25); // ms; some finish first, some are cut mid-flight
            await new Promise<void>((resolve) => {
              let sub: Subscription | undefined = undefined;
              const timer = setTimeout(() => {
                sub?.unsubscribe();
                resolve();
              }, unsubscribeAfter);
              sub = op(client, i).subscribe({
                error: () => (clearTimeout(timer), resolve()),
                complete: () => (clearTimeout(timer), resolve()),
              });
            });
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      };

      const setup = fastClient(emu.baseURL);
      for (let i = 0; i < 10; i++) ids.push((await setup.promises.createVideo({ prompt: `seed ${i}` })).id);
      await setup.promises.watchVideo(ids[9]!, { intervalMs: 10 });
      setup.close();

      // Warm up (lazy module loading, JIT), then take the baselines.
      const warm = fastClient(emu.baseURL);
      await run(warm, 2_000); // every operation kind and error path runs (and is compiled) before the baseline
      warm.close();
      await waitFor(() => emu.openConnections() === 0, 2_000);
      await sleep(100);
      forceGc();
      const heapBefore = process.memoryUsage().heapUsed;
      const resourcesBefore = resourceCounts();

      const client = fastClient(emu.baseURL);
      const started = Date.now();
      await run(client, OPERATIONS);
      const elapsed = Date.now() - started;
      client.close();

      await waitFor(() => emu.openConnections() === 0, 3_000);
      expect(emu.openConnections()).toBe(0);
      await waitFor(() => Object.keys(grownResources(resourcesBefore)).length === 0, 3_000);
      expect(grownResources(resourcesBefore)).toEqual({});
      expect((await listDir(dir)).filter((f) => f.endsWith('.part'))).toEqual([]);

      // The in-process emulator keeps every video the run created; drop them so the heap compares the client only.
      emu.reset();
      await sleep(50);
      forceGc();
      forceGc();
      const heapAfter = process.memoryUsage().heapUsed;
      console.info(
        `leaks: ${OPERATIONS} ops in ${elapsed} ms; heap ${(heapBefore / 1e6).toFixed(1)} MB -> ` +
          `${(heapAfter / 1e6).toFixed(1)} MB (${(((heapAfter - heapBefore) / heapBefore) * 100).toFixed(1)} %)`,
      );
      expect(heapAfter).toBeLessThan(heapBefore * 1.1);
      await remove();
    },
  );
});
