/**
 * Compiles TypeScript snippets that `import 'sora-rx'` / `'sora-rx/testing'` together with the library sources
 * in ONE `tsc` run, and runs them with plain `node`. No dependency on a prior `npm run build`.
 *
 * Layout (under the git-ignored `out/`):
 *   out/docs-samples/<run>/samples/*.ts   the snippets
 *   out/docs-samples/<run>/tsconfig.json  extends the repo tsconfig; `paths` maps `sora-rx` to `src/`
 *   out/docs-samples/<run>/pkg/           tsc's outDir (rootDir = repo root) plus a `package.json` named
 *                                         `sora-rx` whose `exports` point at the compiled `src/`, so that
 *                                         `import 'sora-rx'` in a compiled snippet resolves by self-reference
 *                                         exactly like it does in an installed package.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One snippet to compile. `name` is a file-name-safe id, e.g. `readme-L120`. */
export interface Snippet {
  name: string;
  code: string;
}

/** The outcome of {@link compileSnippets}. */
export interface CompiledSnippets {
  dir: string;
  /** Snippet name -> compiled `.js` path. */
  js: Map<string, string>;
  /** tsc's output ('' when clean). */
  diagnostics: string;
  ok: boolean;
  cleanup(): Promise<void>;
}

/** Runs a command; never rejects (the exit code is in the result). */
export function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      file,
      [...args],
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const killed = error?.killed ? `\n[killed after ${options.timeoutMs ?? 60_000} ms]` : '';
        done({ code, stdout: String(stdout), stderr: String(stderr) + killed });
      },
    );
  });
}

/** Writes the snippets, the tsconfig and the package shim, then runs `tsc` once over all of them. */
export async function compileSnippets(snippets: readonly Snippet[]): Promise<CompiledSnippets> {
  const dir = join(REPO_ROOT, 'out', 'docs-samples', `${process.pid}-${randomBytes(4).toString('hex')}`);
  const samplesDir = join(dir, 'samples');
  const outDir = join(dir, 'pkg');
  await mkdir(samplesDir, { recursive: true });
  await mkdir(outDir, { recursive: true });
  for (const s of snippets) await writeFile(join(samplesDir, `${s.name}.ts`), s.code);
  const tsconfig = {
    extends: join(REPO_ROOT, 'tsconfig.json'),
    compilerOptions: {
      noEmit: false,
      rootDir: REPO_ROOT,
      outDir,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      paths: {
        'sora-rx': [join(REPO_ROOT, 'src', 'index.ts')],
        'sora-rx/testing': [join(REPO_ROOT, 'src', 'testing', 'index.ts')],
        'sora-rx/redis': [join(REPO_ROOT, 'src', 'redis', 'index.ts')],
      },
    },
    include: [join(samplesDir, '*.ts')],
  };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  // The compiled library lives in pkg/src; this makes `import 'sora-rx'` from pkg/** a self-reference to it.
  await writeFile(
    join(outDir, 'package.json'),
    JSON.stringify({
      name: 'sora-rx',
      version: '0.0.0-docs',
      type: 'module',
      exports: {
        '.': './src/index.js',
        './testing': './src/testing/index.js',
        './redis': './src/redis/index.js',
        './package.json': './package.json',
      },
    }),
  );
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: REPO_ROOT,
    timeoutMs: 120_000,
  });
  const js = new Map<string, string>();
  const relSamples = relative(REPO_ROOT, samplesDir);
  for (const s of snippets) js.set(s.name, join(outDir, relSamples, `${s.name}.js`));
  return {
    dir,
    js,
    diagnostics: (result.stdout + result.stderr).trim(),
    ok: result.code === 0,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A fenced code block of a markdown file. */
export interface FencedBlock {
  /** The info string after the fence, e.g. `ts` or `ts no-run`. */
  info: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** Every fenced code block (``` or ~~~) of `markdown`, in order. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[2] ?? '```';
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? '';
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line);
    }
    blocks.push({ info: (open[3] ?? '').trim(), code: body.join('\n') + '\n', line: i + 1 });
    i = j;
  }
  return blocks;
}

/** The TypeScript blocks that must compile and run: info `ts`/`typescript`, not marked `no-run`. */
export function runnableTsBlocks(markdown: string): FencedBlock[] {
  return fencedBlocks(markdown).filter((b) => {
    const [lang, ...flags] = b.info.split(/\s+/);
    return (lang === 'ts' || lang === 'typescript') && !flags.includes('no-run');
  });
}
