/**
 * Secrets: a representative slice of the suite (faulted generate flows, error statuses, ambiguous creates, a
 * cancelled watch, a failed job) at `trace` level, with a plain pino logger (no redact config of our own) writing
 * to an array and an in-memory span exporter. The fake key must appear in no log line, span attribute, span event,
 * error message, `toJSON()` or stack, nor in the built CLI's output.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSoraEmulator, type SoraEmulator } from '../../src/emulator/index.js';
import { isSoraError } from '../../src/errors/index.js';
import { setupTracing, type TestTracing } from '../helpers/otel.js';
import { SECRET, fastClient, seededRandom, tempDir } from './helpers.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const run = promisify(execFile);

describe('secrets', () => {
  let emu: SoraEmulator;
  let tracing: TestTracing;
  beforeAll(async () => {
    emu = await startSoraEmulator({ timeScale: 0.02, random: seededRandom(7), apiKey: SECRET });
    tracing = setupTracing();
  });
  afterAll(async () => {
    await tracing.shutdown();
    await emu.close();
  });

  it('the API key never shows up in logs, spans or errors at trace level', { timeout: 60_000 }, async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const client = fastClient(emu.baseURL, { logger, tracerProvider: tracing.provider, timeoutMs: 500 });
    const errors: unknown[] = [];
    const { dir, remove } = await tempDir('secrets');
    const handles = [
      emu.inject({ kind: 'status', status: 429, headers: { 'retry-after': '0' }, probability: 0.05 }),
      emu.inject({ kind: 'status', status: 500, probability: 0.05 }),
      emu.inject({ kind: 'reset', when: 'after', probability: 0.05 }),
      emu.inject({ kind: 'latency', ms: 800, probability: 0.05 }),
      emu.inject({ kind: 'truncate', path: '/videos/*/content', probability: 0.1 }),
    ];
    try {
      const flows = Array.from({ length: 30 }, (_, i) =>
        lastValueFrom(
          client.generateVideo(
            { prompt: i % 10 === 0 ? `[fail] secrets ${i}` : `secrets ${i}` },
            { download: { destination: join(dir, `${i}.mp4`) }, watch: { intervalMs: 20, minIntervalMs: 10 } },
          ),
        ).catch((e: unknown) => void errors.push(e)),
      );
      await Promise.all(flows);
      for (const h of handles) h.cancel();
      // Error statuses and a wrong key (401 carries the emulator's message), a cancelled watch, bad input.
      for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 503]) {
        emu.inject({ kind: 'status', status, headers: { 'x-should-retry': 'false' } });
        await lastValueFrom(client.getVideoStatus('video_x')).catch((e: unknown) => void errors.push(e));
      }
      const wrongKey = fastClient(emu.baseURL, { apiKey: `${SECRET}-wrong`, logger, tracerProvider: tracing.provider });
      await lastValueFrom(wrongKey.listVideos()).catch((e: unknown) => void errors.push(e));
      wrongKey.close();
      const created = await lastValueFrom(client.createVideo({ prompt: 'secrets watch' }));
      await lastValueFrom(client.watchVideo(created.id, { intervalMs: 5 }).pipe(take(1), toArray()));
      const ac = new AbortController();
      const cancelled = lastValueFrom(client.watchVideo(created.id, { signal: ac.signal })).catch((e: unknown) => e);
      ac.abort();
      errors.push(await cancelled);
      await lastValueFrom(client.createVideo({ prompt: '' })).catch((e: unknown) => void errors.push(e));
    } finally {
      client.close();
      await remove();
    }

    expect(lines.length).toBeGreaterThan(100);
    expect(errors.length).toBeGreaterThan(10);
    expect(lines.filter((l) => l.includes(SECRET))).toEqual([]);
    const spans = await tracing.spans();
    expect(spans.length).toBeGreaterThan(50);
    for (const span of spans) {
      expect(JSON.stringify(span.attributes)).not.toContain(SECRET);
      expect(JSON.stringify(span.events)).not.toContain(SECRET);
      expect(JSON.stringify(span.status)).not.toContain(SECRET);
    }
    for (const e of errors) {
      expect(isSoraError(e)).toBe(true);
      const err = e as Error & { toJSON(): unknown };
      expect(err.message).not.toContain(SECRET);
      expect(String(err.stack)).not.toContain(SECRET);
      expect(JSON.stringify(err.toJSON())).not.toContain(SECRET);
      expect(JSON.stringify(err)).not.toContain(SECRET);
    }
  });

  it.skipIf(!existsSync(CLI))(
    'the built CLI at --log-level trace does not print the key',
    { timeout: 30_000 },
    async () => {
      const { id } = emu.videos.list()[0] ?? { id: 'video_missing' };
      const env = { ...process.env, OPENAI_API_KEY: SECRET };
      const outputs: string[] = [];
      for (const args of [
        ['status', id, '--base-url', emu.baseURL, '--log-level', 'trace'],
        ['status', 'video_missing', '--base-url', emu.baseURL, '--log-level', 'trace', '--verbose', '--trace'],
      ]) {
        const result = await run(process.execPath, [CLI, ...args], { env, timeout: 20_000 }).catch(
          (e: { stdout?: string; stderr?: string }) => e,
        );
        outputs.push(`${result.stdout ?? ''}\n${result.stderr ?? ''}`);
      }
      expect(outputs.join('').length).toBeGreaterThan(0);
      expect(outputs.filter((o) => o.includes(SECRET))).toEqual([]);
    },
  );
});
