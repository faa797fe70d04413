import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSoraEmulator, type SoraEmulator } from '../../src/testing/index.js';
import { cleanEnv, requireBuild, runBinary, tempDir } from './helpers.js';

const KEY = 'sk-cli-test-0123456789abcdef';
let emulator: SoraEmulator;
const api = (...args: string[]): string[] => [...args, '--base-url', emulator.baseURL, '--api-key', KEY];

beforeAll(async () => {
  requireBuild();
  emulator = await startSoraEmulator({ queueMs: 50, renderMs: 400 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function generate(prompt: string, ...extra: string[]): Promise<{ id: string; dir: string; stdout: string }> {
  const dir = await tempDir();
  const r = await runBinary(api('generate', prompt, '--out-dir', dir, '--poll-interval', '50', ...extra));
  expect(r.stderr).not.toContain('error:');
  expect(r.code).toBe(0);
  const id = /video_[0-9a-f]+/.exec(r.stdout)![0];
  return { id, dir, stdout: r.stdout };
}

describe('sora-rx (real binary, emulator started by the test)', () => {
  it('generate writes an MP4 and the thumbnail and prints where they are', async () => {
    const { id, dir, stdout } = await generate('a red fox in snow', '--thumbnail');
    const mp4 = await readFile(path.join(dir, `${id}.mp4`));
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    const webp = await readFile(path.join(dir, `${id}.webp`));
    expect(webp.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(stdout).toContain(`video: ${path.join(dir, `${id}.mp4`)}`);
    expect(emulator.requests.every((r) => r.headers['authorization'] === '[REDACTED]')).toBe(true);
  });

  it('list, status and download work on a generated video', async () => {
    const { id, dir } = await generate('a cat');
    const list = await runBinary(api('list', '--limit', '5'));
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+STATUS/);
    expect(list.stdout).toContain(id);
    const status = await runBinary(api('status', id));
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`${id}  completed  100%`);
    const out = path.join(dir, 'sheet.webp');
    const dl = await runBinary(api('download', id, '--variant', 'spritesheet', '--out', out));
    expect(dl.code).toBe(0);
    expect(dl.stdout).toContain(`spritesheet: ${out}`);
    expect((await readFile(out)).subarray(0, 4).toString('latin1')).toBe('RIFF');
  });

  it('remix and delete', async () => {
    const { id } = await generate('a dog');
    const remix = await runBinary(api('remix', id, 'the dog at night', '--json'));
    expect(remix.code).toBe(0);
    expect(JSON.parse(remix.stdout).remixed_from_video_id).toBe(id);
    const del = await runBinary(api('delete', id));
    expect(del.stdout).toContain(`Deleted ${id}`);
    expect(emulator.videos.get(id)).toBeUndefined();
  });

  it.each([
    [['frobnicate']],
    [['generate']],
    [['generate', 'x', '--seconds', 'five']],
    [['generate', 'x', '--size', '1280*720']],
    [['list', '--limit', 'many']],
    [['generate', 'x', '--out', 'a.mp4', '--out-dir', 'b']],
  ])('bad usage %j exits 2', async (args) => {
    const r = await runBinary(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error:');
  });

  it('--help exits 0', async () => {
    const r = await runBinary(['generate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--cancel-on-exit');
  });

  it('a missing key with a non-loopback base URL fails before any request', async () => {
    const r = await runBinary(['status', 'video_1', '--base-url', 'https://api.example.invalid/v1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('set OPENAI_API_KEY');
    expect(r.stderr).not.toMatch(/ENOTFOUND|getaddrinfo|at .*\.js/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rate limited with retries exhausted says how long to wait', async () => {
    emulator.inject({ kind: 'status', status: 429, path: '/videos/*', times: 5, headers: { 'retry-after': '7' } });
    const r = await runBinary(api('status', 'video_1', '--max-retries', '0'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('wait 7 s: rate limited');
    expect(r.stderr).toMatch(/\(request req_\w+\)/);
  });

  it('a failed job exits 1 with the job error', async () => {
    const dir = await tempDir();
    const r = await runBinary(api('generate', 'a [fail] scene', '--out-dir', dir, '--poll-interval', '50'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('moderation_blocked');
    expect(r.stderr).toContain('change the prompt');
  });

  it('--verbose adds the stack trace, which is otherwise absent', async () => {
    const plain = await runBinary(api('status', 'video_nope'));
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const verbose = await runBinary(api('status', 'video_nope', '--verbose'));
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('never prints the API key, even at --log-level trace', async () => {
    const dir = await tempDir();
    const flag = await runBinary([
      ...api('generate', 'a fox', '--out-dir', dir, '--poll-interval', '50'),
      '--log-level',
      'trace',
    ]);
    expect(flag.code).toBe(0);
    const envKey = await runBinary(
      ['list', '--log-level', 'trace', '--verbose'],
      cleanEnv({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.baseURL }),
    );
    expect(envKey.code).toBe(0);
    const bad = await runBinary(api('status', 'video_nope', '--log-level', 'trace', '--verbose'));
    for (const r of [flag, envKey, bad]) {
      expect(r.stdout + r.stderr).not.toContain(KEY);
      expect(r.stdout + r.stderr).not.toContain(KEY.slice(3, 20));
    }
    expect(flag.stderr).toMatch(/\] DEBUG \(sora-rx\): http request /);
  });

  it('in human mode, retry warnings are readable lines and no raw pino JSON precedes the error; --json keeps JSON', async () => {
    emulator.inject({ kind: 'status', method: 'GET', path: '/videos/*', status: 503, times: 3 });
    const human = await runBinary(api('status', 'video_123', '--max-retries', '2'));
    expect(human.code).toBe(1);
    const lines = human.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('WARN (sora-rx): retrying request'))).toHaveLength(2);
    expect(lines.some((l) => l.trimStart().startsWith('{'))).toBe(false);
    expect(lines.at(-1)).toMatch(/^error: status failed: /);

    emulator.inject({ kind: 'status', method: 'GET', path: '/videos/*', status: 503, times: 3 });
    const json = await runBinary(api('status', 'video_123', '--max-retries', '2', '--json'));
    const records = json.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.filter((r) => r['msg'] === 'retrying request')).toHaveLength(2);
  });
});

describe('sora-rx with the embedded emulator', () => {
  it('uses it when no key and no base URL are set, and says so on stderr', async () => {
    const dir = await tempDir();
    const r = await runBinary(
      ['generate', 'a fox', '--out', path.join(dir, 'fox.mp4'), '--thumbnail'],
      cleanEnv(),
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Using the embedded Sora emulator at http:\/\/127\.0\.0\.1:\d+\/v1 \(no API key set\)$/m);
    expect((await readFile(path.join(dir, 'fox.mp4'))).subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect((await readFile(path.join(dir, 'fox.webp'))).subarray(0, 4).toString('latin1')).toBe('RIFF');
  });

  it('--trace prints the span tree', async () => {
    const r = await runBinary(['generate', 'a fox', '--emulator', '--trace', '--out-dir', await tempDir()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^sora-rx generate {2}\d/m);
    expect(r.stderr).toMatch(/├─ sora\.generateVideo .*video=video_/);
    expect(r.stderr).toMatch(/POST \/videos {2}\d+ ms {2}200/);
    expect(r.stderr).toMatch(/└─ GET \/videos\/\{video_id\}\/content/);
  });
});
