import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a user gets: a clean clone of this repository's HEAD, `npm pack` (prepack builds dist/), the tarball
// installed into an empty project, then imports, requires, a strict TypeScript consumer and the binary there.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAX_MIB = 40;
const MAX_PACKAGES = 75;
/** Per test: tsc over the consumer (lib check of @types/node) alone takes ~15 s on a busy 2-core box. */
const SLOW = 90_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, timeout: 150_000, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function ok(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Run> {
  const r = await sh(cmd, args, cwd, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Every installed package directory (`node_modules/x`, `node_modules/@s/x`, nested ones too). */
async function packageDirs(nodeModules: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        await visit(full);
        continue;
      }
      if (!existsSync(path.join(full, 'package.json'))) continue;
      out.push(full);
      await visit(path.join(full, 'node_modules'));
    }
  };
  await visit(nodeModules);
  return out;
}

// Without the network or secrets: no OPENAI_* variables, no CI-specific npm settings leaking in.
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env['PATH'],
  HOME: process.env['HOME'],
  npm_config_cache: process.env['npm_config_cache'],
  npm_config_update_notifier: 'false',
  ...extra,
});

describe('the packed tarball, installed into an empty project', () => {
  let tmp: string;
  let app: string;
  let installLog = '';

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'sora-pack-'));
    const clone = path.join(tmp, 'clone');
    await ok('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], tmp);
    // The clone builds with this checkout's dev dependencies (a full `npm ci` would only re-download them).
    await symlink(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
    const packed = await ok('npm', ['pack', '--json', '--pack-destination', tmp], clone, env());
    const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string }];
    app = path.join(tmp, 'app');
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const install = await ok(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(tmp, filename)],
      app,
      env(),
    );
    installLog = install.stdout + install.stderr;
  }, 240_000);

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }, SLOW);

  it(
    'installs within the footprint target (size, package count), without install-script warnings',
    async () => {
      const nodeModules = path.join(app, 'node_modules');
      const kib = Number((await ok('du', ['-sk', nodeModules], app)).stdout.split('\t')[0]);
      const packages = await packageDirs(nodeModules);
      console.log(`installed footprint: ${(kib / 1024).toFixed(1)} MiB (du -sk), ${packages.length} packages`);
      expect(kib / 1024).toBeLessThanOrEqual(MAX_MIB);
      expect(packages.length).toBeLessThanOrEqual(MAX_PACKAGES);
      expect(installLog).not.toMatch(/install.?script/i);
      const names = packages.map((p) => path.relative(nodeModules, p));
      expect(names).toEqual(expect.arrayContaining(['sora-rx', 'rxjs', '@opentelemetry/api', 'axios', 'pino']));
      expect(names).not.toContain('@opentelemetry/exporter-trace-otlp-http'); // an optional peer
      expect(names).not.toContain('protobufjs');
    },
    SLOW,
  );

  it(
    'ships dist/ (entries, chunks, types) without source maps, plus README, LICENSE and CHANGELOG',
    async () => {
      const pkg = path.join(app, 'node_modules', 'sora-rx');
      for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/cli/main.js']) {
        expect(existsSync(path.join(pkg, file)), file).toBe(true);
      }
      for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md'])
        expect(existsSync(path.join(pkg, file)), file).toBe(true);
      const files = (await ok('find', [pkg, '-type', 'f'], app)).stdout.split('\n');
      expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
      expect(existsSync(path.join(pkg, 'src'))).toBe(false);
    },
    SLOW,
  );

  it(
    'ESM import and CommonJS require of sora-rx and sora-rx/testing work (a keyless call to the emulator)',
    async () => {
      const esm = await ok(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { createSoraClient, isSoraError } from 'sora-rx';
         import { startSoraEmulator, MockSoraClient } from 'sora-rx/testing';
         const emulator = await startSoraEmulator({ timeScale: 0.01 });
         const sora = createSoraClient({ baseURL: emulator.baseURL });
         const video = await sora.promises.createVideo({ prompt: 'a fox' });
         console.log(video.object, typeof isSoraError, typeof MockSoraClient);
         sora.close(); await emulator.close();`,
        ],
        app,
        env(),
      );
      expect(esm.stdout.trim()).toBe('video function function');
      const cjs = await ok(
        process.execPath,
        [
          '-e',
          `const { createSoraClient, SoraError } = require('sora-rx');
         const { startSoraEmulator } = require('sora-rx/testing');
         startSoraEmulator().then(async (emulator) => {
           const sora = createSoraClient({ baseURL: emulator.baseURL });
           const page = await sora.promises.listVideos();
           console.log(Array.isArray(page) ? 'list' : typeof page, typeof SoraError);
           sora.close(); await emulator.close();
         });`,
        ],
        app,
        env(),
      );
      expect(cjs.stdout.trim()).toBe('list function');
      expect(esm.stderr + cjs.stderr).toBe(''); // no warnings either
    },
    SLOW,
  );

  it(
    'a strict TypeScript consumer (module nodenext, no skipLibCheck) compiles, ESM and CommonJS',
    async () => {
      await writeFile(
        path.join(app, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            exactOptionalPropertyTypes: true,
            types: ['node'],
            typeRoots: [path.join(ROOT, 'node_modules/@types')],
          },
          include: ['*.mts', '*.cts'],
        }),
      );
      await writeFile(
        path.join(app, 'consumer.mts'),
        `import { createSoraClient, type Video, type SoraClient, isSoraError } from 'sora-rx';
import { MockSoraClient, startSoraEmulator, type SoraEmulator } from 'sora-rx/testing';
import { map, type Observable } from 'rxjs';

const emulator: SoraEmulator = await startSoraEmulator();
const sora: SoraClient = createSoraClient({ baseURL: emulator.baseURL, maxRetries: 1 });
const status$: Observable<string> = sora.watchVideo('video_123').pipe(map((v: Video) => v.status));
const mock: SoraClient = new MockSoraClient();
export { status$, mock, isSoraError };
`,
      );
      await writeFile(
        path.join(app, 'consumer.cts'),
        `import sora = require('sora-rx');
import testing = require('sora-rx/testing');
export const client: sora.SoraClient = sora.createSoraClient({ apiKey: 'sk-test' });
export const mock = new testing.MockSoraClient();
`,
      );
      const tsc = await sh(
        process.execPath,
        [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', app],
        app,
        env(),
      );
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.code).toBe(0);
    },
    SLOW,
  );

  it(
    'npx sora-rx --help works; --trace without the optional OTLP exporter says so in one line',
    async () => {
      const help = await ok('npx', ['--no-install', 'sora-rx', '--help'], app, env());
      expect(help.stdout).toContain('Usage: sora-rx');
      expect(help.stdout).toContain('emulator');
      const traced = await sh(
        'npx',
        ['--no-install', 'sora-rx', 'list', '--emulator', '--trace'],
        app,
        env({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }),
      );
      expect(traced.code).toBe(0);
      const notice = traced.stderr.split('\n').filter((l) => l.includes('exporter-trace-otlp-http'));
      expect(notice).toHaveLength(1);
      expect(notice[0]).toMatch(/is not installed; npm install @opentelemetry\/exporter-trace-otlp-http/);
      expect(traced.stderr).toMatch(/sora\.listVideos/);
    },
    SLOW,
  );
});
