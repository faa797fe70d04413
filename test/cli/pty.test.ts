import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSoraEmulator, type SoraEmulator } from '../../src/testing/index.js';
import { CLI, cleanEnv, requireBuild, tempDir } from './helpers.js';

// A pseudo-terminal via util-linux `script` (Debian base system). CI without it skips, saying why.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
let emulator: SoraEmulator;
beforeAll(async () => {
  requireBuild();
  emulator = await startSoraEmulator({ queueMs: 100, renderMs: 20_000 });
});
afterAll(() => emulator?.close());

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI under `script`, types Ctrl-C once the bar shows `in_progress`, resolves with code and output. */
function runInPty(args: string[], afterPrompt?: string): Promise<{ code: number | null; text: string }> {
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: cleanEnv({ TERM: 'xterm', COLUMNS: '160' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let text = '';
  let sent = false;
  let answered = false;
  child.stdout.on('data', (d: Buffer) => {
    text += d.toString();
    if (!sent && /in_progress/.test(text)) {
      sent = true;
      child.stdin.write('\x03');
    }
    if (afterPrompt !== undefined && !answered && text.includes('[y/N]')) {
      answered = true;
      child.stdin.write(afterPrompt);
    }
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, text })));
}

it.skipIf(!hasScript)('renders the progress bar, and Ctrl-C with --cancel-on-exit cancels the server job', async () => {
  const dir = await tempDir();
  const base = ['--base-url', emulator.baseURL, '--api-key', 'sk-pty-0123456789', '--poll-interval', '100'];
  const { code, text } = await runInPty(['generate', 'a slow fox', '--out-dir', dir, '--cancel-on-exit', ...base]);
  expect(text).toMatch(/[█░]{5,}/);
  expect(text).toMatch(/\d+% \| (queued|in_progress) \| elapsed \d+s \| ETA/);
  expect(text).toContain('Cancelled video_');
  expect(code).toBe(130);
  const running = emulator.videos.list().filter((v) => v.status === 'queued' || v.status === 'in_progress');
  expect(running).toEqual([]);
});

it.skipIf(!hasScript)('without --cancel-on-exit it asks on the terminal; "y" cancels', async () => {
  const dir = await tempDir();
  const base = ['--base-url', emulator.baseURL, '--api-key', 'sk-pty-0123456789', '--poll-interval', '100'];
  const before = emulator.videos.size;
  const { code, text } = await runInPty(['generate', 'another fox', '--out-dir', dir, ...base], 'y\r');
  expect(text).toMatch(/Cancel video_\w+ on the server\? \[y\/N\]/);
  expect(text).toContain('Cancelled video_');
  expect(code).toBe(130);
  expect(emulator.videos.size).toBe(before);
});
