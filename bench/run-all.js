// @ts-check
/* global process, URL */
// Runs every benchmark in its own child process (node --expose-gc, so one cannot skew another), plus the
// emulator's own load test, and writes bench/results.md.
//
//   npm run bench        (= npm run build --silent && node bench/run-all.js)
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { machineLine } from './lib/harness.js';

const exec = promisify(execFile);
const here = (/** @type {string} */ f) => fileURLToPath(new URL(f, import.meta.url));
const BENCHES = ['overhead.js', 'concurrency.js', 'polling.js', 'download.js', 'import-cost.js', 'fleet.js'];

const sections = [];
const started = Date.now();
for (const file of BENCHES) {
  process.stderr.write(`bench: ${file} ...\n`);
  const t = Date.now();
  try {
    const { stdout } = await exec(process.execPath, ['--expose-gc', here(file)], {
      timeout: 300_000,
      maxBuffer: 1 << 24,
    });
    sections.push(stdout.trim());
  } catch (error) {
    sections.push(`## ${file}\n\nFAILED: ${String(/** @type {Error} */ (error).message).slice(0, 500)}`);
  }
  process.stderr.write(`bench: ${file} done in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
}
try {
  const args = [here('emulator-load.js'), '--connections', '500', '--seconds', '5'];
  const { stdout } = await exec(process.execPath, args, { timeout: 120_000 });
  sections.push(
    `## Emulator load (bench/emulator-load.js --connections 500 --seconds 5)\n\n\`\`\`\n${stdout.trim()}\n\`\`\``,
  );
} catch (error) {
  sections.push(`## Emulator load\n\nFAILED: ${String(/** @type {Error} */ (error).message).slice(0, 500)}`);
}

const report = [
  '# sora-rx benchmarks',
  '',
  `Command: \`npm run bench\` (build, then \`node bench/run-all.js\`; each benchmark in its own \`node --expose-gc\` process).`,
  `Machine: ${machineLine()}.`,
  `Date: ${new Date().toISOString()}; total ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  '',
  ...sections.flatMap((s) => [s, '']),
].join('\n');
await writeFile(here('results.md'), report);
process.stdout.write(report);
