// @ts-check
/* global process, console, URL */
// 5. Import cost: `import('sora-rx')` (the built package, by name) against its floor, the dependencies it cannot do
// without (axios + rxjs + @opentelemetry/api imported alone), and the openai SDK. Each sample is a fresh child
// process; the contenders alternate, the order flips every round; medians of N. Wall time and the child's CPU time
// (user + system) of the import. Target: sora-rx <= 1.1x the floor.
//
//   npm run build && node bench/import-cost.js
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fmt, isMain, median, table } from './lib/harness.js';

const N = Number(process.env['IMPORT_COST_ROUNDS'] ?? 31);
const TARGET = 1.1;
const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** @param {string[]} specifiers imported together (one module graph, as a program's static imports would be) */
const script = (specifiers) => `
  const m0 = process.memoryUsage();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all([${specifiers.map((s) => `import(${JSON.stringify(s)})`).join(', ')}]);
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  const m1 = process.memoryUsage();
  console.log(JSON.stringify({ ms: t1 - t0, cpuMs: (c1.user + c1.system) / 1000, heap: m1.heapUsed - m0.heapUsed, rss: m1.rss - m0.rss }));
`;

/** @type {Record<string, string[]>} */
const TARGETS = {
  'floor: axios + rxjs + @opentelemetry/api': ['axios', 'rxjs', '@opentelemetry/api'],
  "sora-rx (import('sora-rx'), dist)": ['sora-rx'],
  openai: ['openai'],
};

export async function run() {
  const names = Object.keys(TARGETS);
  /** @type {Record<string, Array<{ ms: number, cpuMs: number, heap: number, rss: number }>>} */
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < N; i++) {
    for (const name of i % 2 === 0 ? names : [...names].reverse()) {
      const { stdout } = await exec(
        process.execPath,
        ['--input-type=module', '-e', script(/** @type {string[]} */ (TARGETS[name]))],
        { cwd: ROOT },
      );
      samples[name]?.push(JSON.parse(stdout));
    }
  }
  const med = (/** @type {string} */ name, /** @type {'ms' | 'cpuMs' | 'heap' | 'rss'} */ key) =>
    median((samples[name] ?? []).map((x) => x[key]));
  const floor = /** @type {string} */ (names[0]);
  const sora = /** @type {string} */ (names[1]);
  const rows = names.map((name) => [
    name,
    fmt(med(name, 'ms')),
    `${fmt(med(name, 'ms') / med(floor, 'ms'), 2)}x`,
    fmt(med(name, 'cpuMs')),
    `${fmt(med(name, 'cpuMs') / med(floor, 'cpuMs'), 2)}x`,
    fmt(med(name, 'heap') / 2 ** 20),
    fmt(med(name, 'rss') / 2 ** 20),
  ]);
  const wall = med(sora, 'ms') / med(floor, 'ms');
  const cpu = med(sora, 'cpuMs') / med(floor, 'cpuMs');
  const verdict =
    wall <= TARGET && cpu <= TARGET
      ? `Target met: sora-rx is ${fmt(wall, 2)}x the floor in wall time and ${fmt(cpu, 2)}x in CPU (target <= ${TARGET}x).`
      : `Target MISSED: sora-rx is ${fmt(wall, 2)}x the floor in wall time and ${fmt(cpu, 2)}x in CPU (target <= ${TARGET}x).`;
  return [
    `## 5. Import cost: fresh child process per import, alternating, median of ${N}`,
    '',
    table(
      ['module', 'import wall (ms)', 'vs floor', 'import CPU (ms)', 'vs floor', 'heap growth (MB)', 'RSS growth (MB)'],
      rows,
    ),
    '',
    verdict,
  ].join('\n');
}

if (isMain(import.meta.url)) console.log(await run());
