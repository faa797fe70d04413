// @ts-check
/* global process, console */
// 2. Concurrency: many concurrent watchVideo subscriptions on jobs of 60 s (emulator time scale applied), measuring
// heap and RSS per watch, event-loop delay p99 and total requests. Run with --expose-gc for stable heap numbers.
import diagnostics from 'node:diagnostics_channel';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { lastValueFrom } from 'rxjs';
import { createSoraClient } from '../dist/index.js';
import { fmt, isMain, sleep, startEmulatorWorker, table } from './lib/harness.js';

const WATCHES = Number(process.env.BENCH_WATCHES ?? 10_000);
const JOBS = Math.min(1000, WATCHES);
const TIME_SCALE = 0.25; // a 60 s job takes 15 s of real time
const LIMIT_MS = 120_000;

const gc = /** @type {undefined | (() => void)} */ (globalThis.gc);
const collect = () => {
  gc?.();
  gc?.();
};

export async function run() {
  // A 12 s sora-2 clip renders in renderMs * 3: 20 s * 3 = 60 s, plus 0 queue.
  const emu = await startEmulatorWorker({
    timeScale: TIME_SCALE,
    queueMs: 0,
    renderMs: 20_000,
    maxRecordedRequests: 10,
  });
  const client = createSoraClient({ apiKey: 'sk-bench', baseURL: emu.baseURL, logLevel: 'warn' });
  /** @type {string[]} */
  const ids = [];
  for (let i = 0; i < JOBS; i += 50) {
    const batch = Array.from({ length: Math.min(50, JOBS - i) }, (_, k) =>
      lastValueFrom(client.createVideo({ prompt: `watch ${i + k}`, seconds: '12' })),
    );
    ids.push(...(await Promise.all(batch)).map((v) => v.id));
  }
  const createdAt = Date.now();
  await sleep(200);
  collect();
  const before = process.memoryUsage();
  let requests = 0;
  let responses = 0;
  const onRequest = () => requests++;
  const onResponse = () => responses++;
  diagnostics.subscribe('http.client.request.start', onRequest);
  diagnostics.subscribe('http.client.response.finish', onResponse);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // The benchmark's own forced GCs (for the heap samples) are not the library's doing: pause the monitor.
  const measuredGc = () => {
    loop.disable();
    collect();
    loop.enable();
  };
  let done = 0;
  let failed = 0;
  const started = Date.now();
  const subs = Array.from({ length: WATCHES }, (_, i) =>
    client.watchVideo(/** @type {string} */ (ids[i % ids.length])).subscribe({
      complete: () => done++,
      error: () => (done++, failed++),
    }),
  );
  const subscribedMs = Date.now() - started;
  // Sample 1: 3 s in, while first polls are still queued behind the agent's 50 sockets (or just answered).
  await sleep(3_000);
  const inFlightAt3s = requests - responses;
  measuredGc();
  const during = process.memoryUsage();
  let peakRss = during.rss;
  // Sample 2 (the steady state): once every watch has polled at least twice, the first moment no request is
  // in flight (every watch idle, waiting on its poll timer); re-checked after GC.
  /** @type {NodeJS.MemoryUsage | undefined} */
  let idle;
  let idleAtMs = 0;
  while (done < WATCHES && Date.now() - started < LIMIT_MS) {
    await sleep(idle ? 250 : 50);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (idle || requests < 2 * WATCHES || requests !== responses) continue;
    const seen = requests;
    measuredGc();
    const sample = process.memoryUsage();
    if (requests === seen && responses === seen) {
      idle = sample;
      idleAtMs = Date.now() - started;
    }
  }
  const elapsed = Date.now() - started;
  loop.disable();
  for (const s of subs) s.unsubscribe();
  diagnostics.unsubscribe('http.client.request.start', onRequest);
  diagnostics.unsubscribe('http.client.response.finish', onResponse);
  client.close();
  await emu.close();

  const heapPerAt3s = (during.heapUsed - before.heapUsed) / WATCHES;
  const heapPer = idle ? (idle.heapUsed - before.heapUsed) / WATCHES : Number.NaN;
  const rssPer = idle ? (idle.rss - before.rss) / WATCHES : Number.NaN;
  const p99 = loop.percentile(99) / 1e6;
  const rows = [
    ['watches / jobs', `${WATCHES} / ${JOBS} (jobs of 60 s at time scale ${TIME_SCALE} = ${60 * TIME_SCALE} s real)`],
    [
      'completed (errors) / time',
      `${done} (${failed}) in ${fmt(elapsed / 1000)} s (limit ${LIMIT_MS / 1000} s); subscribe took ${subscribedMs} ms`,
    ],
    [
      'heap per idle watch (after GC, 0 requests in flight)',
      idle
        ? `${fmt(heapPer / 1024, 2)} KB (sampled at ${fmt(idleAtMs / 1000)} s, every watch between polls)${gc ? '' : ' (no --expose-gc: noisy)'}`
        : 'no idle moment found',
    ],
    [
      'heap per watch at 3 s (after GC)',
      `${fmt(heapPerAt3s / 1024, 2)} KB; ${inFlightAt3s} HTTP requests started and unanswered then (polls waiting for a free socket not counted)`,
    ],
    ['RSS per idle watch', `${fmt(rssPer / 1024, 2)} KB (peak RSS ${fmt(peakRss / 2 ** 20)} MB)`],
    ['event-loop delay p99 / max', `${fmt(p99)} ms / ${fmt(loop.max / 1e6)} ms`],
    ['total status requests (client side)', `${requests} (${fmt(requests / WATCHES, 2)} per watch)`],
  ];
  const misses = [];
  if (!(heapPer / 1024 < 3)) misses.push(`heap per idle watch ${fmt(heapPer / 1024, 2)} KB >= 3 KB target`);
  if (p99 >= 20) misses.push(`loop delay p99 ${fmt(p99)} ms >= 20 ms target`);
  if (done < WATCHES) misses.push(`only ${done}/${WATCHES} watches ended within the limit`);
  return [
    `## 2. Concurrency: ${WATCHES} concurrent watchVideo`,
    '',
    `Default watch schedule, one client (keep-alive agent, maxSockets 50), emulator in a worker thread. Jobs created ${fmt((started - createdAt) / 1000)} s before the watches.`,
    '',
    table(['metric', 'value'], rows),
    '',
    misses.length === 0
      ? 'Targets met (< 3 KB heap per idle watch, p99 loop delay < 20 ms).'
      : `Target MISSED: ${misses.join('; ')}.`,
  ].join('\n');
}

if (isMain(import.meta.url)) console.log(await run());
