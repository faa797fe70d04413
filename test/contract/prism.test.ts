/**
 * Contract test against the official spec: Stoplight Prism mocks test/emulator/fixtures/openai-videos-openapi.yaml
 * (the spec in ../shared, reformatted) on loopback with request validation (`--errors`): Prism answers 422 to any
 * request that violates the spec, so every operation the client sends must pass; then the client must accept
 * Prism's static answer (the spec's examples) and at least 20 dynamic ones (random, schema-valid, with random
 * extra properties) per operation.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createSoraClient, type RequestOptions, type SoraClient } from '../../src/index.js';
import { parseVideo } from '../../src/streams/videos/parse-video.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SPEC = join(ROOT, 'test/emulator/fixtures/openai-videos-openapi.yaml');
const PRISM = join(ROOT, 'node_modules/.bin/prism');
const DYNAMIC_RUNS = 20;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startPrism(): Promise<{ child: ChildProcess; origin: string }> {
  const port = await freePort();
  const child = spawn(PRISM, ['mock', SPEC, '--errors', '-h', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start:\n${log}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited with ${code}:\n${log}`));
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return { child, origin: `http://127.0.0.1:${port}` };
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const mp4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]);

/** Every operation of the spec, as the client sends it. */
const OPERATIONS: [string, (s: SoraClient, o: RequestOptions) => Observable<unknown>][] = [
  [
    'createVideo (multipart, no file)',
    (s, o) => s.createVideo({ prompt: 'a fox', model: 'sora-2', seconds: 8, size: '1280x720' }, o),
  ],
  [
    'createVideo (multipart, image_url reference)',
    (s, o) => s.createVideo({ prompt: 'a fox', input_reference: { image_url: 'https://example.com/ref.png' } }, o),
  ],
  [
    'createVideo (multipart, file reference)',
    (s, o) =>
      s.createVideo(
        {
          prompt: 'a fox',
          seconds: '4',
          input_reference: { data: png, filename: 'ref.png', contentType: 'image/png' },
        },
        o,
      ),
  ],
  // The static list answer is the same page again and again (`has_more: true`): the client stops that with a
  // PaginationLoopError (issue 10), so the contract reads the first page only.
  ['ListVideos', (s, o) => s.listVideos({ limit: 10, order: 'desc', after: 'video_0' }, o).pipe(take(1), toArray())],
  // The spec's schema has no example id, so Prism's static video is `"string"`: ask for that one.
  ['GetVideo', (s, o) => s.getVideoStatus('string', o)],
  ['DeleteVideo', (s, o) => s.deleteVideo('video_123', o)],
  [
    'RetrieveVideoContent (video)',
    (s, o) => s.downloadVideo('video_123', { ...o, destination: new PassThrough().resume() }),
  ],
  [
    'RetrieveVideoContent (thumbnail)',
    (s, o) => s.downloadVideo('video_123', { ...o, variant: 'thumbnail', destination: new PassThrough().resume() }),
  ],
  ['CreateVideoRemix', (s, o) => s.remixVideo('video_123', { prompt: 'at night' }, o)],
  ['CreateVideoEdit (JSON)', (s, o) => s.editVideo({ prompt: 'add rain', video: { id: 'video_123' } }, o)],
  [
    'CreateVideoEdit (multipart)',
    (s, o) =>
      s.editVideo({ prompt: 'add rain', video: { data: mp4, filename: 'in.mp4', contentType: 'video/mp4' } }, o),
  ],
  ['CreateVideoExtend (JSON)', (s, o) => s.extendVideo({ prompt: 'more', seconds: 8, video: { id: 'video_123' } }, o)],
  [
    'CreateVideoExtend (multipart)',
    (s, o) =>
      s.extendVideo(
        { prompt: 'more', seconds: 4, video: { data: mp4, filename: 'in.mp4', contentType: 'video/mp4' } },
        o,
      ),
  ],
  [
    'CreateVideoCharacter',
    (s, o) =>
      s.createCharacter({ name: 'Rex', video: { data: mp4, filename: 'rex.mp4', contentType: 'video/mp4' } }, o),
  ],
  ['GetVideoCharacter', (s, o) => s.getCharacter('char_123', o)],
];

describe('contract: the client against Prism mocking the official OpenAPI spec (--errors)', () => {
  let prism: { child: ChildProcess; origin: string } | undefined;
  let sora: SoraClient;
  let dir: string;

  beforeAll(async () => {
    [prism, dir] = await Promise.all([startPrism(), mkdtemp(join(tmpdir(), 'sora-rx-prism-'))]);
    sora = createSoraClient({ apiKey: 'sk-prism-contract', baseURL: prism.origin, maxRetries: 0, logLevel: 'silent' });
  }, 30_000);

  afterAll(async () => {
    sora?.close();
    if (prism?.child.pid !== undefined && prism.child.exitCode === null) {
      const exited = new Promise((resolve) => prism!.child.once('exit', resolve));
      process.kill(prism.child.pid, 'SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('covers every operation of the spec', async () => {
    const spec = parseYaml(await readFile(SPEC, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const operationIds = Object.values(spec.paths).flatMap((methods) =>
      Object.values(methods).flatMap((op) =>
        typeof op === 'object' && op !== null && 'operationId' in op ? [String(op.operationId)] : [],
      ),
    );
    expect(operationIds.length).toBeGreaterThanOrEqual(10);
    const covered = new Set(OPERATIONS.map(([name]) => name.split(' ')[0]));
    expect([...covered].sort()).toEqual([...new Set(operationIds)].sort());
  });

  it.each(OPERATIONS)('%s: the request is valid and the static answer is accepted', async (_name, call) => {
    await expect(lastValueFrom(call(sora, {}))).resolves.toBeDefined();
  });

  it.each(OPERATIONS)(`%s: ${DYNAMIC_RUNS} dynamic answers are accepted`, async (name, call) => {
    const dynamic: RequestOptions = { headers: { Prefer: 'dynamic=true' } };
    for (let i = 0; i < DYNAMIC_RUNS; i++) {
      if (name === 'GetVideo') {
        // A random answer names a random video, so the client refuses it as another video than the one asked for
        // (issue 10). Its form is still checked: the client's parser accepts the raw random body as is.
        const raw = await fetch(`${prism!.origin}/videos/string`, {
          headers: { Prefer: 'dynamic=true', Authorization: 'Bearer sk-prism-contract' },
        });
        expect(raw.status).toBe(200);
        const body: unknown = await raw.json();
        expect(parseVideo(body)).toMatchObject({ id: (body as { id: string }).id });
        const err = await lastValueFrom(call(sora, dynamic)).catch((e: unknown) => e);
        expect(err).toMatchObject({ name: 'InternalServerError', code: 'invalid_response' });
        expect((err as Error).message).toMatch(/^200 response is video ".*", not the requested "string"$/s);
        continue;
      }
      await expect(lastValueFrom(call(sora, dynamic))).resolves.toBeDefined();
    }
  });

  it('a request that violates the spec is refused with a typed 422 naming the violation', async () => {
    const err = await lastValueFrom(sora.createVideo({ prompt: 'a fox', seconds: 5 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UnprocessableEntityError', status: 422, code: 'http_422' });
    expect((err as Error).message).toMatch(/seconds/);
  });
});
