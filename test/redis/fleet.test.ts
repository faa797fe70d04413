/**
 * Several Node processes (the built library, bench/lib/fleet-worker.js) share one Redis budget against one emulator
 * that enforces it: 600 requests per minute in a bucket of 10 (time-scaled jobs keep it to seconds).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SoraEmulator, startSoraEmulator } from '../../src/testing/index.js';
import { type RedisServer, redisAvailable, startRedisServer } from '../helpers/redis-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER = path.join(root, 'bench/lib/fleet-worker.js');
const available = redisAvailable();

interface WorkerResult {
  done: Array<{ prompt: string; id: string; bytes: number }>;
  failures: Array<{ prompt: string; error: string }>;
}

function runWorker(config: Record<string, unknown>): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      if (code !== 0) return reject(new Error(`worker exited with ${code}: ${stderr.slice(0, 2000)}`));
      resolve({ ...(JSON.parse(stdout.trim().split('\n').pop()!) as WorkerResult), stderr } as WorkerResult);
    });
  });
}

describe.skipIf(!available)('a fleet of processes on one Redis budget (child processes, built dist/)', () => {
  let redis: RedisServer;
  let emulator: SoraEmulator;
  const WORKERS = 3;
  const JOBS = 5;

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist/redis/index.js'))) {
      throw new Error('dist/ is missing: run npm run build (npm test does it first)');
    }
    redis = await startRedisServer();
    emulator = await startSoraEmulator({ rateLimit: { requestsPerMinute: 600, burst: 10 }, timeScale: 0.05 });
  });
  afterAll(async () => {
    await emulator?.close();
    await redis?.stop();
  });

  const fleet = (prefix: string): Array<Promise<WorkerResult>> =>
    Array.from({ length: WORKERS }, (_, w) =>
      runWorker({
        mode: 'sora-rx',
        baseURL: emulator.baseURL,
        name: `${prefix} worker ${w}`,
        jobs: JOBS,
        pollIntervalMs: 100,
        redisPort: redis.port,
        prefix,
        requestsPerMinute: 600,
        burst: 10,
        fleetSize: WORKERS,
      }),
    );

  /** Creates the emulator received for this run's prompts: exactly one per job. */
  function createsOf(prefix: string): string[] {
    return emulator.videos
      .list()
      .map((v) => v.prompt ?? '')
      .filter((p) => p.startsWith(prefix));
  }

  it('spends the shared budget with zero 429s, every job done once', async () => {
    emulator.reset();
    const results = await Promise.all(fleet('steady'));
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    expect(results.flatMap((r) => r.done)).toHaveLength(WORKERS * JOBS);
    expect(emulator.requests.filter((r) => r.status === 429)).toHaveLength(0);
    const creates = createsOf('steady');
    expect(creates).toHaveLength(WORKERS * JOBS);
    expect(new Set(creates).size).toBe(WORKERS * JOBS);
    expect(results.flatMap((r) => r.done).every((d) => d.bytes > 0)).toBe(true);
  });

  it('a Redis restart mid-run loses nothing and sends no create twice', async () => {
    emulator.reset();
    const run = Promise.all(fleet('restart'));
    // Restart once the fleet is well into its creates (the budget is the bottleneck: ~15 creates at 10/s).
    await waitFor(() => createsOf('restart').length >= 5);
    await redis.restart();
    const results = await run;
    // A process that did not notice the outage may start the fresh bucket full: at most one burst of 429s, each
    // paused for and retried (0 or 1 observed).
    expect(emulator.requests.filter((r) => r.status === 429).length).toBeLessThanOrEqual(10);
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    const creates = createsOf('restart');
    expect(creates).toHaveLength(WORKERS * JOBS);
    expect(new Set(creates).size).toBe(WORKERS * JOBS);
    const done = results.flatMap((r) => r.done);
    expect(new Set(done.map((d) => d.id)).size).toBe(WORKERS * JOBS);
    const downloads = emulator.requests.filter(
      (r) => r.method === 'GET' && r.path.endsWith('/content') && r.status === 200,
    );
    expect(downloads).toHaveLength(WORKERS * JOBS);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
