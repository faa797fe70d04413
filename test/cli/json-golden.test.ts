import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSoraEmulator, type SoraEmulator } from '../../src/testing/index.js';
import { requireBuild, runBinary, tempDir } from './helpers.js';

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden/generate.jsonl');
let emulator: SoraEmulator;
beforeAll(async () => {
  requireBuild();
  emulator = await startSoraEmulator({ queueMs: 50, renderMs: 300 });
});
afterAll(() => emulator.close());

/** Stable form of one JSON line: ids, times, paths and request ids replaced; progress events dropped. */
function normalize(line: string, dir: string): string {
  const text = line
    .split(dir)
    .join('<OUT>')
    .replace(/video_[0-9a-f]+/g, 'video_<ID>')
    .replace(/"(created_at|completed_at|expires_at)":\d+/g, '"$1":0');
  return text;
}

it('generate --json prints one stable JSON object per line (golden)', async () => {
  const dir = await tempDir();
  const r = await runBinary([
    'generate',
    'a golden fox',
    '--json',
    '--thumbnail',
    '--out-dir',
    dir,
    '--poll-interval',
    '50',
    '--base-url',
    emulator.baseURL,
    '--api-key',
    'sk-golden-0123456789',
  ]);
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  const events = lines.map((l) => JSON.parse(l) as { type: string });
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'completed', 'downloaded']));
  expect(r.stdout).not.toContain('\u001b[');
  const stable = lines.filter((_, i) => events[i]!.type !== 'progress').map((l) => normalize(l, dir));
  const actual = stable.join('\n') + '\n';
  if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(GOLDEN, actual);
  expect(actual).toBe(await readFile(GOLDEN, 'utf8'));
});
