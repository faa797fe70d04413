/**
 * Every ```ts block of README.md and docs/US-007-sora-client-guide.md is type-checked (one tsc run, `sora-rx` mapped to the sources) and then run with
 * plain `node` against a fast emulator (`OPENAI_BASE_URL` points at it). A block whose info string says
 * `ts no-run` is skipped entirely (use sparingly: only for code that needs packages this repo does not have).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSoraEmulator, type SoraEmulator } from '../../src/emulator/index.js';
import { type RedisServer, REDIS_SERVER, startRedisServer } from '../helpers/redis-server.js';
import {
  type CompiledSnippets,
  REPO_ROOT,
  compileSnippets,
  fencedBlocks,
  run,
  runnableTsBlocks,
} from './samples-harness.js';

/** The documents whose samples must compile and run, with the prefix of their snippet names. */
const DOCS = [
  { file: 'README.md', prefix: 'readme' },
  { file: 'docs/US-007-sora-client-guide.md', prefix: 'guide' },
];
const snippets = DOCS.flatMap(({ file, prefix }) =>
  runnableTsBlocks(readFileSync(join(REPO_ROOT, file), 'utf8')).map((b) => ({
    name: `${prefix}-L${b.line}`,
    code: b.code,
    file,
    line: b.line,
  })),
);

describe('fencedBlocks', () => {
  it('finds ts blocks with their line and skips `ts no-run`', () => {
    const md = ['# t', '```ts', 'const a = 1;', '```', '```ts no-run', 'x', '```', '```sh', 'ls', '```'].join('\n');
    expect(fencedBlocks(md).map((b) => [b.info, b.line])).toEqual([
      ['ts', 2],
      ['ts no-run', 5],
      ['sh', 8],
    ]);
    expect(runnableTsBlocks(md)).toEqual([{ info: 'ts', code: 'const a = 1;\n', line: 2 }]);
  });
});

describe('README.md and user-guide TypeScript samples', () => {
  let compiled: CompiledSnippets;
  let emulator: SoraEmulator;
  // The fleet sample's Redis (without one it still runs: the store goes on with its local share).
  let redis: RedisServer | undefined;

  beforeAll(async () => {
    [compiled, emulator, redis] = await Promise.all([
      compileSnippets(snippets),
      startSoraEmulator({ timeScale: 0.01, pollAfterMs: 25 }),
      existsSync(REDIS_SERVER) ? startRedisServer() : undefined,
    ]);
  }, 180_000);

  afterAll(async () => {
    await redis?.stop();
    await emulator?.close();
    await compiled?.cleanup();
  });

  it('has samples (a quick start for the Observable API and one for the Promise facade at least)', () => {
    expect(snippets.filter((s) => s.file === 'README.md').length).toBeGreaterThanOrEqual(2);
    expect(snippets.filter((s) => s.file !== 'README.md').length).toBeGreaterThanOrEqual(5);
  });

  it('type-checks every sample in one tsc run', () => {
    expect(compiled.diagnostics, compiled.diagnostics).toBe('');
    expect(compiled.ok).toBe(true);
  });

  it.each(snippets)(
    'runs the sample at $file line $line',
    async ({ name }) => {
      expect(compiled.ok, `tsc failed:\n${compiled.diagnostics}`).toBe(true);
      const cwd = await mkdtemp(join(tmpdir(), 'sora-rx-readme-'));
      try {
        const js = compiled.js.get(name)!;
        const result = await run(process.execPath, [js], {
          cwd,
          timeoutMs: 30_000,
          env: {
            ...process.env,
            OPENAI_BASE_URL: emulator.baseURL,
            OPENAI_API_KEY: 'sk-readme-sample-key',
            SORA_LOG_LEVEL: 'error',
            ...(redis ? { REDIS_URL: redis.url } : {}),
          },
        });
        if (process.env.DOCS_SAMPLES_VERBOSE) console.log(`--- ${name}\n${result.stdout}${result.stderr}`);
        expect(result.code, `${name} exited with ${result.code}\n${result.stdout}\n${result.stderr}`).toBe(0);
      } finally {
        await rm(cwd, { recursive: true, force: true });
      }
    },
    40_000,
  );
});
