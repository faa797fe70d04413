// @ts-check
/* global process, console, URL */
// 5. Import cost: time and memory to import sora-rx (dist) vs openai, each in fresh child processes, median of N.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fmt, isMain, median, table } from './lib/harness.js';

const N = 15;
const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** @param {string} specifier */
const script = (specifier) => `
  const m0 = process.memoryUsage();
  const t0 = performance.now();
  await import(${JSON.stringify(specifier)});
  const t1 = performance.now();
  const m1 = process.memoryUsage();
  console.log(JSON.stringify({ ms: t1 - t0, heap: m1.heapUsed - m0.heapUsed, rss: m1.rss - m0.rss }));
`;

export async function run() {
  /** @type {Record<string, string>} */
  const targets = { 'sora-rx (dist/index.js)': new URL('../dist/index.js', import.meta.url).href, openai: 'openai' };
  /** @type {Record<string, Array<{ ms: number, heap: number, rss: number }>>} */
  const samples = { 'sora-rx (dist/index.js)': [], openai: [] };
  for (let i = 0; i < N; i++) {
    for (const name of i % 2 === 0 ? Object.keys(targets) : Object.keys(targets).reverse()) {
      const { stdout } = await exec(
        process.execPath,
        ['--input-type=module', '-e', script(/** @type {string} */ (targets[name]))],
        { cwd: ROOT },
      );
      samples[name]?.push(JSON.parse(stdout));
    }
  }
  const rows = Object.entries(samples).map(([name, xs]) => [
    name,
    fmt(median(xs.map((x) => x.ms))),
    fmt(median(xs.map((x) => x.heap)) / 2 ** 20),
    fmt(median(xs.map((x) => x.rss)) / 2 ** 20),
  ]);
  return [
    `## 5. Import cost: fresh child process per import, median of ${N}`,
    '',
    table(['module', 'import time (ms)', 'heap growth (MB)', 'RSS growth (MB)'], rows),
  ].join('\n');
}

if (isMain(import.meta.url)) console.log(await run());
