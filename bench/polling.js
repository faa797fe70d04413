// @ts-check
/* global process, console */
// 3. Polling efficiency: status requests per completed video and the delay from server-side completion to the
// client noticing it, for sora-rx's adaptive watchVideo vs fixed 1 s / 5 s loops written with the openai SDK.
// All three run at the same time against one emulator, each on its own jobs with the same durations.
import { setTimeout as delay } from 'node:timers/promises';
import OpenAI from 'openai';
import { lastValueFrom } from 'rxjs';
import { createSoraClient } from '../dist/index.js';
import { startSoraEmulator } from '../dist/emulator/index.js';
import { fmt, isMain, median, percentile, table } from './lib/harness.js';

const QUEUE_MS = 1_000;
const RENDER_MS = 5_000; // per 4 s of clip: '4' → 5 s, '8' → 10 s, '12' → 15 s (plus the queue)
const JOBS_PER_KIND = Number(process.env.BENCH_POLL_JOBS ?? 12);
const SECONDS = /** @type {const} */ (['4', '8', '12']);

/** @param {string} seconds */
const durationMs = (seconds) => QUEUE_MS + RENDER_MS * (Number(seconds) / 4);

export async function run() {
  const emu = await startSoraEmulator({ queueMs: QUEUE_MS, renderMs: RENDER_MS, maxRecordedRequests: 100_000 });
  const sora = createSoraClient({ apiKey: 'sk-bench', baseURL: emu.baseURL, logLevel: 'warn' });
  const openai = new OpenAI({ apiKey: 'sk-bench', baseURL: emu.baseURL, maxRetries: 0 });

  /** @param {string} who @param {number} i @param {(id: string) => Promise<void>} watch */
  const job = async (who, i, watch) => {
    const seconds = /** @type {'4' | '8' | '12'} */ (SECONDS[i % SECONDS.length]);
    const video = await openai.videos.create({ prompt: `${who} ${i}`, seconds });
    // The server stamps createdAtMs while handling the create, just before this response: completion is at
    // most this far in the future, so the measured notice delay may over-count by the create's response time.
    const doneAt = Date.now() + durationMs(seconds);
    // A start offset (same for every contender, varied per job) so poll phases are not locked to job durations.
    await delay(((i * 7919) % 1000) * 2.5);
    await watch(video.id);
    return Date.now() - doneAt;
  };
  /** @param {string} tag @param {number} intervalMs */
  const fixedLoop = (tag, intervalMs) => async (/** @type {string} */ id) => {
    for (;;) {
      const v = await openai.videos.retrieve(id, { headers: { 'x-bench': tag } });
      if (v.status === 'completed' || v.status === 'failed') return;
      await delay(intervalMs);
    }
  };
  const contenders = {
    'sora-rx watchVideo (adaptive, defaults)': async (/** @type {string} */ id) => {
      await lastValueFrom(sora.watchVideo(id, { headers: { 'x-bench': 'sora' } }));
    },
    'SDK fixed 1 s loop': fixedLoop('fixed1', 1_000),
    'SDK fixed 5 s loop': fixedLoop('fixed5', 5_000),
  };
  const tags = ['sora', 'fixed1', 'fixed5'];
  const n = JOBS_PER_KIND * SECONDS.length;
  const started = Date.now();
  const results = await Promise.all(
    Object.entries(contenders).map(([name, watch]) =>
      Promise.all(Array.from({ length: n }, (_, i) => job(name, i, watch))),
    ),
  );
  const wallMs = Date.now() - started;
  const counts = tags.map(
    (tag) => emu.requests.filter((r) => r.method === 'GET' && r.headers['x-bench'] === tag).length,
  );
  sora.close();
  await emu.close();

  const rows = Object.keys(contenders).map((name, k) => {
    const delays = /** @type {number[]} */ (results[k]);
    return [
      name,
      fmt(/** @type {number} */ (counts[k]) / n, 2),
      fmt(median(delays) / 1000, 2),
      fmt(percentile(delays, 95) / 1000, 2),
    ];
  });
  const perVideo = /** @type {number} */ (counts[0]) / n;
  const fixed1 = /** @type {number} */ (counts[1]) / n;
  const soraMedian = median(/** @type {number[]} */ (results[0])) / 1000;
  const misses = [];
  if (perVideo > fixed1 / 3)
    misses.push(
      `${fmt(perVideo, 2)} requests/video is ${fmt(perVideo / fixed1, 2)} of the 1 s loop's (target <= 0.33)`,
    );
  if (soraMedian > 1) misses.push(`median notice delay ${fmt(soraMedian, 2)} s > 1 s`);
  return [
    `## 3. Polling efficiency: ${n} jobs per contender (durations 6, 11, 16 s real time)`,
    '',
    `All contenders ran concurrently against one emulator (${fmt(wallMs / 1000)} s). Notice delay = when the client saw \`completed\` minus the job's scheduled completion. Each job's watch starts 0–2.5 s after its create (same offsets for every contender), so poll phases are not locked to job durations.`,
    '',
    table(['contender', 'status requests / video', 'notice delay median (s)', 'p95 (s)'], rows),
    '',
    misses.length === 0
      ? `Targets met: ${fmt(perVideo / fixed1, 2)} of the fixed-1 s loop's requests, median notice delay ${fmt(soraMedian, 2)} s.`
      : `Target MISSED: ${misses.join('; ')}.`,
  ].join('\n');
}

if (isMain(import.meta.url)) console.log(await run());
