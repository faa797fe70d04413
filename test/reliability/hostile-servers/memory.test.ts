/**
 * Memory under hostile bodies, measured where nothing else runs: each case is a fresh `node` child process that
 * uses the built library (dist/, as users do) against a loopback server in this process, and reports how far its
 * peak RSS (`process.resourceUsage().maxRSS`) grew past the peak of a warm-up request. With the default
 * `maxResponseBytes` (10 MiB) the growth must stay within about twice the bound, whatever the server sends.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../../src/config/defaults.js';
import { videoFixture } from '../../../src/testing/fixtures.js';
import { json, startTestServer, type TestServer } from '../../helpers/loopback-server.js';
import { SECRET, writeForever } from './helpers.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/index.js');
const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(256 * 1024, 0x20);
/** Twice the bound, plus what a fresh process allocates on its own while busy (buffers, JIT, zlib). */
const ALLOWED_GROWTH = 2 * DEFAULT_MAX_RESPONSE_BYTES + 12 * MiB;

/** The child: warm up with one small request, then run the case and print the peak RSS growth and the error. */
const CHILD = `
const { createSoraClient } = await import(process.env.SORA_DIST);
const sora = createSoraClient({ apiKey: process.env.KEY, baseURL: process.env.BASE, logLevel: 'silent', maxRetries: 0 });
const run = (o) => new Promise((resolve) => o.subscribe({ error: (e) => resolve(e), complete: () => resolve(undefined) }));
await run(sora.getVideoStatus('video_warm'));
await run(sora.getVideoStatus('video_warm'));
const before = process.resourceUsage().maxRSS * 1024;
const op = process.env.OP === 'list' ? sora.listVideos({ limit: 5 }) : sora.getVideoStatus('video_1');
const error = await run(op);
const growth = process.resourceUsage().maxRSS * 1024 - before;
sora.close();
console.log(JSON.stringify({ growth, code: error?.code, name: error?.name }));
`;

type Mode = 'json-500mb' | 'endless-status' | 'endless-list' | 'endless-500' | 'gzip-bomb';
let server: TestServer;
let mode: Mode = 'json-500mb';
let sentBytes: Promise<number> | undefined;

function misbehave(res: http.ServerResponse): void {
  if (mode === 'gzip-bomb') {
    // An endless gzip stream of spaces: ~1 MB on the wire decodes to ~1 GiB.
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    const gzip = createGzip({ level: 9 });
    gzip.pipe(res);
    gzip.write('{"pad":"');
    sentBytes = writeForever(gzip as unknown as http.ServerResponse, CHUNK, 4 * 1024 * MiB);
    res.on('close', () => gzip.destroy());
    return;
  }
  const status = mode === 'endless-500' ? 500 : 200;
  const length = mode === 'json-500mb' ? { 'content-length': String(500 * MiB) } : {};
  res.writeHead(status, { 'content-type': 'application/json', ...length });
  res.write('{"pad":"');
  sentBytes = writeForever(res, CHUNK, 500 * MiB);
}

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run npm run build (npm test does it first)`);
  server = await startTestServer((req, res) => {
    if (req.url?.includes('video_warm')) return json(res, 200, videoFixture({ id: 'video_warm' }));
    misbehave(res);
  });
});
afterAll(() => server.close());

function runChild(op: 'status' | 'list'): Promise<{ growth: number; code?: string; name?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: {
        PATH: process.env['PATH'] ?? '',
        SORA_DIST: pathToFileURL(DIST).href,
        KEY: SECRET,
        BASE: server.baseURL,
        OP: op,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`child exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as { growth: number; code?: string });
    });
  });
}

describe('memory under hostile bodies (child process, default maxResponseBytes)', () => {
  it.each<[Mode, 'status' | 'list']>([
    ['json-500mb', 'status'],
    ['endless-status', 'status'],
    ['endless-list', 'list'],
    ['endless-500', 'status'],
    ['gzip-bomb', 'status'],
  ])(
    '%s: RSS grows less than twice the bound and the call errors with response_too_large',
    { timeout: 40_000 },
    async (m, op) => {
      mode = m;
      sentBytes = undefined;
      const result = await runChild(op);
      if (process.env['HOSTILE_MEMORY_REPORT']) {
        console.log(`${m}: peak RSS +${(result.growth / MiB).toFixed(1)} MiB, error ${result.code}`);
      }
      expect(result.code).toBe('response_too_large');
      expect(result.growth).toBeLessThan(ALLOWED_GROWTH);
      expect(await sentBytes).toBeLessThan(100 * MiB); // the socket was closed long before the server's own end
    },
  );
});
