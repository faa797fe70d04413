/**
 * Chaos soak: 300 concurrent generateVideo flows (create, watch, download to disk) against the emulator with about
 * a quarter of all requests faulted. Every flow must end completed with the exact asset bytes, or in a typed
 * SoraError; no duplicate creates, no unhandled rejections, no half-written files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_ASSETS, startSoraEmulator, type Fault, type SoraEmulator } from '../../src/emulator/index.js';
import { isSoraError } from '../../src/errors/index.js';
import type { GenerateVideoEvent } from '../../src/streams/videos/types.js';
import { countBy, fastClient, listDir, seededRandom, tempDir } from './helpers.js';

const FLOWS = 300;
const TIMEOUT_MS = 1_000;
/** Per-fault probability; 8 independent faults at 3.5 % fault 1 - 0.965^8 ≈ 25 % of requests. */
const P = 0.035;

const FAULTS: Fault[] = [
  { kind: 'status', status: 429, headers: { 'retry-after': '1' }, probability: P },
  { kind: 'status', status: 500, probability: P },
  { kind: 'status', status: 502, probability: P },
  { kind: 'status', status: 503, probability: P },
  { kind: 'reset', when: 'before', probability: P },
  { kind: 'reset', when: 'after', probability: P },
  { kind: 'latency', ms: TIMEOUT_MS + 500, probability: P },
  { kind: 'truncate', path: '/videos/*/content', probability: P },
];

type Outcome =
  | { kind: 'ok'; path: string; bytes: number }
  | { kind: 'error'; error: unknown; typed: boolean }
  /** Completed without `downloaded`: the generate-video.ts skipWhile bug (see known-bugs.test.ts). */
  | { kind: 'silent'; last: GenerateVideoEvent };

describe('chaos soak', () => {
  let emu: SoraEmulator;
  const unhandled: unknown[] = [];
  let duplicates = -1;
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    emu = await startSoraEmulator({ timeScale: 0.02, random: seededRandom(20251127), maxRecordedRequests: 100_000 });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await emu.close();
  });

  it(
    `${FLOWS} flows under ~25 % faults end completed-and-correct or in a typed error`,
    { timeout: 90_000 },
    async () => {
      for (const fault of FAULTS) emu.inject(fault);
      const { dir, remove } = await tempDir('chaos');
      const client = fastClient(emu.baseURL, { timeoutMs: TIMEOUT_MS, maxRetries: 5 });
      try {
        const flow = async (i: number): Promise<Outcome> => {
          const destination = join(dir, `flow-${i}.mp4`);
          try {
            const last = await lastValueFrom(
              client.generateVideo(
                { prompt: `chaos flow #${i}` },
                { download: { destination }, watch: { intervalMs: 20, minIntervalMs: 10, maxIntervalMs: 200 } },
              ),
            );
            if (last.type !== 'downloaded') return { kind: 'silent', last };
            return { kind: 'ok', path: destination, bytes: last.bytes };
          } catch (error) {
            return { kind: 'error', error, typed: isSoraError(error) };
          }
        };
        const outcomes = await Promise.all(Array.from({ length: FLOWS }, (_, i) => flow(i)));
        const faulted = emu.requests.filter((r) => r.fault !== undefined).length;
        const errors = outcomes.filter((o): o is Extract<Outcome, { kind: 'error' }> => o.kind === 'error');
        const silent = outcomes.filter((o): o is Extract<Outcome, { kind: 'silent' }> => o.kind === 'silent');
        const byName = countBy(
          errors,
          (o) => (o.error as Error).name + ':' + String((o.error as { code?: string }).code),
        );
        console.info(
          `chaos: ${outcomes.length - errors.length - silent.length}/${FLOWS} completed, ${errors.length} errors ` +
            `${JSON.stringify(Object.fromEntries(byName))}; ${faulted}/${emu.requests.length} requests faulted; ${silent.length} silent completions`,
        );

        // Faults really hit about a quarter of the traffic.
        expect(faulted / emu.requests.length).toBeGreaterThan(0.15);
        // Every failure is typed.
        expect(errors.filter((o) => !o.typed).map((o) => String(o.error))).toEqual([]);
        // No flow ends early without an error (it used to when a job was already completed at creation).
        expect(silent.map((o) => `${o.last.type}:${o.last.video.status}`)).toEqual([]);
        // Most flows survive (5 retries per request; a broken download to a path is restarted).
        expect(errors.length).toBeLessThan(FLOWS * 0.35);

        // Every completed flow wrote exactly the emulator's asset.
        const asset = EMULATOR_ASSETS.video.bytes;
        for (const o of outcomes) {
          if (o.kind !== 'ok') continue;
          expect(o.bytes).toBe(asset.length);
          expect(Buffer.compare(await readFile(o.path), asset)).toBe(0);
        }
        // No half-written files: no .part left, and every file present is complete.
        const files = await listDir(dir);
        expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
        for (const f of files) expect(Buffer.compare(await readFile(join(dir, f)), asset)).toBe(0);

        duplicates = [...countBy(emu.videos.list(), (v) => v.prompt ?? '')].filter(([, n]) => n > 1).length;
        console.info(`chaos: ${duplicates} prompts with more than one video`);
        expect(unhandled).toEqual([]);
      } finally {
        client.close();
        await remove();
      }
    },
  );

  // Zero duplicate creates (one Idempotency-Key per create call since 6cad6cf; before that, reconciling against
  // only the 20 most recent videos duplicated creates under this concurrency).
  it('the soak made zero duplicate creates (one video per flow prompt)', () => {
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBe(0);
  });
});
