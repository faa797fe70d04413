// @ts-check
/* global process, URL, setTimeout */
// One process of a fleet: runs `jobs` jobs (create, watch until done, download) against `baseURL` and prints one JSON
// line with what happened. `mode` sora-rx: one client with `rateLimit` on a Redis store shared by the fleet (from
// dist/). `mode` openai: the official SDK with a hand-written poll loop (its own retries, no shared budget).
//
//   node bench/lib/fleet-worker.js '{"mode":"sora-rx","baseURL":"http://127.0.0.1:PORT/v1","redisPort":6379,...}'
import { Writable } from 'node:stream';

/**
 * @typedef {object} WorkerConfig
 * @property {'sora-rx' | 'openai'} mode
 * @property {string} baseURL
 * @property {string} name prefix of this worker's prompts (each prompt is unique across the fleet)
 * @property {number} jobs
 * @property {number} pollIntervalMs
 * @property {number} [redisPort]
 * @property {string} [prefix]
 * @property {number} [requestsPerMinute]
 * @property {number} [burst]
 * @property {number} [fleetSize]
 * @property {number} [maxRetries] openai mode: the SDK's `maxRetries` (default 2)
 */

const config = /** @type {WorkerConfig} */ (JSON.parse(process.argv[2] ?? '{}'));
const dist = (/** @type {string} */ path) => new URL(`../../dist/${path}`, import.meta.url).href;

/** A sink that counts bytes. */
function sink() {
  let bytes = 0;
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  return { stream, bytes: () => bytes };
}

/** @returns {Promise<{ done: Array<{ prompt: string, id: string, bytes: number }>, failures: Array<{ prompt: string, error: string }> }>} */
async function runSoraRx() {
  const { createSoraClient } = await import(dist('index.js'));
  const { redisRateLimitStore } = await import(dist('redis/index.js'));
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redisPort ?? 6379, '127.0.0.1', { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  redis.on('error', () => undefined);
  const store = redisRateLimitStore(redis, { prefix: config.prefix, fleetSize: config.fleetSize });
  const sora = createSoraClient({
    baseURL: config.baseURL,
    apiKey: 'sk-fleet-bench',
    logLevel: 'warn',
    rateLimit: { requestsPerMinute: config.requestsPerMinute, burst: config.burst, store },
  });
  const { lastValueFrom } = await import('rxjs');
  /** @type {Array<{ prompt: string, id: string, bytes: number }>} */
  const done = [];
  /** @type {Array<{ prompt: string, error: string }>} */
  const failures = [];
  await Promise.all(
    Array.from({ length: config.jobs }, async (_, i) => {
      const prompt = `${config.name} job ${i}`;
      const out = sink();
      try {
        const last = await lastValueFrom(
          sora.generateVideo(
            { prompt, seconds: '4' },
            { download: { destination: out.stream }, watch: { intervalMs: config.pollIntervalMs, minIntervalMs: 50 } },
          ),
        );
        done.push({ prompt, id: last.video.id, bytes: out.bytes() });
      } catch (error) {
        failures.push({
          prompt,
          error: `${/** @type {Error} */ (error).name}: ${/** @type {Error} */ (error).message}`,
        });
      }
    }),
  );
  sora.close();
  redis.disconnect();
  return { done, failures };
}

/** @returns {Promise<{ done: Array<{ prompt: string, id: string, bytes: number }>, failures: Array<{ prompt: string, error: string }> }>} */
async function runOpenAI() {
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ baseURL: config.baseURL, apiKey: 'sk-fleet-bench', maxRetries: config.maxRetries ?? 2 });
  const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
  /** @type {Array<{ prompt: string, id: string, bytes: number }>} */
  const done = [];
  /** @type {Array<{ prompt: string, error: string }>} */
  const failures = [];
  await Promise.all(
    Array.from({ length: config.jobs }, async (_, i) => {
      const prompt = `${config.name} job ${i}`;
      try {
        let video = await client.videos.create({ prompt, seconds: '4' });
        for (let polls = 0; video.status === 'queued' || video.status === 'in_progress'; polls++) {
          if (polls > 1000) throw new Error('gave up polling');
          await sleep(config.pollIntervalMs);
          video = await client.videos.retrieve(video.id);
        }
        if (video.status !== 'completed') throw new Error(`job ${video.status}`);
        const response = await client.videos.downloadContent(video.id);
        const bytes = (await response.arrayBuffer()).byteLength;
        done.push({ prompt, id: video.id, bytes });
      } catch (error) {
        failures.push({
          prompt,
          error: `${/** @type {Error} */ (error).name}: ${/** @type {Error} */ (error).message}`,
        });
      }
    }),
  );
  return { done, failures };
}

const started = Date.now();
const cpu = process.cpuUsage();
const result = config.mode === 'openai' ? await runOpenAI() : await runSoraRx();
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({ ...result, startedAt: started, finishedAt: Date.now(), cpuMs: (used.user + used.system) / 1000 })}\n`,
);
