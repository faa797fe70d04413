// @ts-check
/* global process, URL */
// Quota and fleet (issue 14): 200 jobs (create, watch, download) from 4 processes sharing one API key, through an
// emulator that allows 600 requests per minute (a bucket of 10: one second's worth, as OpenAI enforces limits over
// shorter periods). sora-rx: `rateLimit` on one Redis budget (`sora-rx/redis`). openai: the official SDK with a
// hand-written poll loop in each process (its default 2 retries on 429, no shared budget).
//
//   npm run build && node bench/fleet.js [--jobs 200] [--workers 4]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, machineLine, table } from './lib/harness.js';

const arg = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const JOBS = arg('jobs', 200);
const WORKERS = arg('workers', 4);
const RPM = 600;
const BURST = 10;
const POLL_MS = 1000;
const TIME_SCALE = 0.1; // a 4 s sora-2 job: 30 ms queued + 200 ms rendering
const WORKER = fileURLToPath(new URL('./lib/fleet-worker.js', import.meta.url));
const dist = (/** @type {string} */ p) => new URL(`../dist/${p}`, import.meta.url).href;

const { startSoraEmulator, startRedisServer } = await import(dist('testing/index.js'));

/**
 * @param {Record<string, unknown>} config
 * @returns {Promise<{ done: unknown[], failures: Array<{ error: string }>, startedAt: number, finishedAt: number, cpuMs: number }>}
 */
function runWorker(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}')) : reject(new Error(`worker exit ${code}`)),
    );
  });
}

/** @param {'sora-rx' | 'openai'} mode @param {number} maxRetries @param {any} emulator @param {any} redis */
async function runFleet(mode, maxRetries, emulator, redis) {
  emulator.reset();
  const perWorker = Math.ceil(JOBS / WORKERS);
  const prefix = `bench:${mode}:${Date.now()}`; // one budget for the whole fleet
  const results = await Promise.all(
    Array.from({ length: WORKERS }, (_, w) =>
      runWorker({
        mode,
        baseURL: emulator.baseURL,
        name: `${mode} w${w}`,
        jobs: Math.min(perWorker, JOBS - w * perWorker),
        pollIntervalMs: POLL_MS,
        redisPort: redis.port,
        prefix,
        requestsPerMinute: RPM,
        burst: BURST,
        fleetSize: WORKERS,
        maxRetries,
      }),
    ),
  );
  /** @type {Array<{ status: number | null, method: string, path: string }>} */
  const requests = emulator.requests;
  const makespanMs = Math.max(...results.map((r) => r.finishedAt)) - Math.min(...results.map((r) => r.startedAt));
  return {
    mode,
    makespanMs,
    requests: requests.length,
    http429: requests.filter((r) => r.status === 429).length,
    creates: requests.filter((r) => r.method === 'POST' && r.status === 200).length,
    lists: requests.filter((r) => r.method === 'GET' && r.path === '/v1/videos').length,
    retrieves: requests.filter((r) => r.method === 'GET' && /^\/v1\/videos\/[^/]+$/.test(r.path)).length,
    downloads: requests.filter((r) => r.method === 'GET' && r.path.endsWith('/content')).length,
    done: results.reduce((n, r) => n + r.done.length, 0),
    failures: results.flatMap((r) => r.failures),
    cpuMs: results.reduce((n, r) => n + r.cpuMs, 0),
  };
}

const redis = await startRedisServer();
const emulator = await startSoraEmulator({
  rateLimit: { requestsPerMinute: RPM, burst: BURST },
  timeScale: TIME_SCALE,
  maxRecordedRequests: 100_000,
});
try {
  // Best schedule the limit allows, two ways: per-job polling needs at least 3 requests per job (create, one poll that
  // sees it completed, download); list reads can cover 100 jobs a request, so the floor is 2 per job plus the lists.
  // The bucket lets BURST go at once, the rest come at RPM/60 per second; plus one job's own latency.
  const jobLatencyMs = (300 + 2000) * TIME_SCALE;
  const scheduleMs = (/** @type {number} */ requests) =>
    (Math.max(0, requests - BURST) / (RPM / 60)) * 1000 + jobLatencyMs;
  const perJobMs = scheduleMs(3 * JOBS);
  const floorMs = scheduleMs(2 * JOBS + Math.ceil(JOBS / 100));
  const rows = [];
  /** @type {Array<[string, 'sora-rx' | 'openai', number]>} */
  const contenders = [
    ['sora-rx (rateLimit on one Redis budget)', 'sora-rx', 2],
    ['openai SDK 6.49 + poll loop (maxRetries 2, its default)', 'openai', 2],
    ['openai SDK 6.49 + poll loop (maxRetries 10)', 'openai', 10],
  ];
  for (const [label, mode, maxRetries] of contenders) {
    process.stderr.write(`fleet: ${label} ...\n`);
    const r = await runFleet(mode, maxRetries, emulator, redis);
    const kinds = [...new Set(r.failures.map((f) => f.error.slice(0, 60)))].slice(0, 3).join('; ');
    if (r.failures.length > 0) process.stderr.write(`fleet: ${label} failures, e.g. ${r.failures[0]?.error}\n`);
    rows.push([
      label,
      r.http429,
      fmt(r.makespanMs / 1000),
      fmt(r.makespanMs / perJobMs, 2),
      fmt(r.makespanMs / floorMs, 2),
      `${r.failures.length}${kinds ? ` (${kinds})` : ''}`,
      `${r.done}/${JOBS}`,
      r.creates,
      `${r.requests} (${r.lists} lists, ${r.retrieves} retrieves, ${r.downloads} downloads)`,
      fmt(r.cpuMs / 1000, 2),
    ]);
  }
  const header = [
    'contender',
    '429 responses',
    'makespan s',
    'vs best, 3 req/job',
    'vs floor, 2 req/job + lists',
    'failed jobs',
    'jobs done',
    'creates accepted',
    'requests sent',
    'client CPU s (4 procs)',
  ];
  process.stdout.write(
    [
      '## Quota and fleet (issue 14)',
      '',
      `Command: \`npm run build && node bench/fleet.js\` (${JOBS} jobs from ${WORKERS} processes sharing one key; emulator ` +
        `limited to ${RPM} requests/min in a bucket of ${BURST}, time scale ${TIME_SCALE}; polls every ${POLL_MS} ms).`,
      `Machine: ${machineLine()}.`,
      `Best schedule the limit allows, ${BURST} at once then ${RPM / 60}/s plus one job's latency: ` +
        `${fmt(perJobMs / 1000)} s with per-job polls (${3 * JOBS} requests: create, one poll, download), ` +
        `${fmt(floorMs / 1000)} s if list reads covered every poll (${2 * JOBS + Math.ceil(JOBS / 100)} requests).`,
      '',
      table(header, rows),
      '',
    ].join('\n'),
  );
} finally {
  await emulator.close();
  await redis.stop();
}
