// @ts-check
/* global process, console, URL, setInterval, clearInterval */
// 4. Download: 256 MiB (BENCH_DOWNLOAD_BYTES) from a tiny node:http server (worker thread) on /v1/videos/{id}/content: curl vs sora-rx
// downloadVideo vs the openai SDK's downloadContent piped to a file; throughput and RSS growth of sora-rx.
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { get } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import OpenAI from 'openai';
import { lastValueFrom } from 'rxjs';
import { createSoraClient } from '../dist/index.js';
import { fmt, isMain, median, table } from './lib/harness.js';

// 256 MiB x 9 alternating rounds: enough rounds for a stable median in about a minute (was 1 GiB x 3).
const SIZE = Number(process.env.BENCH_DOWNLOAD_BYTES ?? 2 ** 28);
const ROUNDS = Number(process.env.BENCH_DOWNLOAD_ROUNDS ?? 9);
const exec = promisify(execFile);

async function startServer() {
  const source = `
    import { createServer } from 'node:http';
    import { parentPort, workerData } from 'node:worker_threads';
    const chunk = Buffer.alloc(1 << 20, 7);
    const server = createServer((req, res) => {
      if (!/^\\/v1\\/videos\\/[^/]+\\/content/.test(req.url)) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(workerData.size) });
      let left = workerData.size;
      const pump = () => {
        while (left > 0) {
          const n = Math.min(left, chunk.length);
          left -= n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => server.close(() => parentPort.postMessage('closed')));
  `;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), {
    workerData: { size: SIZE },
  });
  const port = await new Promise((resolve) => worker.once('message', resolve));
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: async () => {
      worker.postMessage('close');
      await worker.terminate();
    },
  };
}

export async function run() {
  const server = await startServer();
  const dir = await mkdtemp(join(tmpdir(), 'sora-rx-bench-'));
  const sora = createSoraClient({ apiKey: 'sk-bench', baseURL: server.baseURL, logLevel: 'warn' });
  const openai = new OpenAI({ apiKey: 'sk-bench', baseURL: server.baseURL, maxRetries: 0 });
  const url = `${server.baseURL}/videos/video_big/content`;
  const devNull = () => new Writable({ write: (_c, _e, cb) => cb() });
  let peakRssGrowth = 0;
  /** @param {() => Promise<unknown>} fn */
  const withRss = async (fn) => {
    const base = process.memoryUsage().rss;
    const timer = setInterval(() => (peakRssGrowth = Math.max(peakRssGrowth, process.memoryUsage().rss - base)), 20);
    try {
      await fn();
    } finally {
      clearInterval(timer);
    }
  };
  /** @type {Record<string, () => Promise<unknown>>} */
  const contenders = {
    'curl -o /dev/null': () => exec('curl', ['-s', '-o', '/dev/null', url]),
    'curl -o file': () => exec('curl', ['-s', '-o', join(dir, 'curl.mp4'), url]),
    'plain node:http get → discard (Node ceiling)': () =>
      new Promise((resolve, reject) =>
        get(url, (res) => pipeline(res, devNull()).then(resolve, reject)).on('error', reject),
      ),
    'sora-rx downloadVideo → discard Writable': () =>
      withRss(() => lastValueFrom(sora.downloadVideo('video_big', { destination: devNull() }))),
    'sora-rx downloadVideo → file': () =>
      withRss(() => lastValueFrom(sora.downloadVideo('video_big', { destination: join(dir, 'sora.mp4') }))),
    'openai SDK downloadContent → file': async () => {
      const res = await openai.videos.downloadContent('video_big');
      if (!res.body) throw new Error('no body');
      await pipeline(
        Readable.fromWeb(/** @type {import('node:stream/web').ReadableStream} */ (res.body)),
        createWriteStream(join(dir, 'sdk.mp4')),
      );
    },
  };
  /** @type {Record<string, number[]>} */
  const mbps = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  const names = Object.keys(contenders);
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const started = process.hrtime.bigint();
      await /** @type {() => Promise<unknown>} */ (contenders[name])();
      const s = Number(process.hrtime.bigint() - started) / 1e9;
      mbps[name]?.push(SIZE / 2 ** 20 / s);
      await rm(join(dir, 'curl.mp4'), { force: true });
      await rm(join(dir, 'sora.mp4'), { force: true });
      await rm(join(dir, 'sdk.mp4'), { force: true });
    }
  }
  sora.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });

  const med = (/** @type {string} */ k) => median(/** @type {number[]} */ (mbps[k]));
  const rows = names.map((k) => [
    k,
    fmt(med(k), 0),
    `${fmt(med(k) / med('curl -o /dev/null'), 2)}x`,
    `${fmt(med(k) / med('curl -o file'), 2)}x`,
  ]);
  const vsCurl = med('sora-rx downloadVideo → discard Writable') / med('curl -o /dev/null');
  const vsCurlFile = med('sora-rx downloadVideo → file') / med('curl -o file');
  const rssMb = peakRssGrowth / 2 ** 20;
  const misses = [];
  if (vsCurl < 0.9) misses.push(`sora-rx (discard) is ${fmt(vsCurl, 2)}x curl -o /dev/null (target >= 0.9x)`);
  if (vsCurlFile < 0.9) misses.push(`sora-rx (file) is ${fmt(vsCurlFile, 2)}x curl -o file (target >= 0.9x)`);
  if (rssMb >= 64) misses.push(`peak RSS growth ${fmt(rssMb)} MB (target < 64 MB)`);
  return [
    `## 4. Download: ${fmt(SIZE / 2 ** 30, 2)} GiB, ${ROUNDS} alternating rounds`,
    '',
    'Served by a node:http server in a worker thread (1 MiB chunks, Content-Length); files in a temp dir, deleted after.',
    '',
    table(['contender', 'MiB/s (median)', 'vs curl -o /dev/null', 'vs curl -o file'], rows),
    '',
    `sora-rx peak RSS growth during its downloads: ${fmt(rssMb)} MB.`,
    '',
    misses.length === 0 ? 'Targets met (>= 0.9x curl, RSS growth < 64 MB).' : `Target MISSED: ${misses.join('; ')}.`,
  ].join('\n');
}

if (isMain(import.meta.url)) console.log(await run());
