/**
 * Bad-input fuzz: random operations with random params and ids against a node:http server answering with random
 * statuses, headers and bodies (random JSON, wrong types, huge bodies, invalid UTF-8, empty). Every case must end
 * in a typed error (isSoraError) or a value, within a timeout: never a throw at call time, an untyped error, or a
 * hang.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { lastValueFrom, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SoraClient } from '../../src/client-types.js';
import { isSoraError } from '../../src/errors/index.js';
import { fastClient } from './helpers.js';

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: BodySpec;
}

const CASE_TIMEOUT_MS = 4_000;
const badVideo = fc.record({
  id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
  object: fc.constantFrom('video', 'list', 42),
  status: fc.oneof(fc.constantFrom('queued', 'in_progress', 'completed', 'failed', 'cancelled'), fc.integer()),
  progress: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.string(), fc.double()),
  error: fc.oneof(fc.constant(null), fc.json()),
});
/** Bodies are described (small, printable counterexamples) and built on the server. */
type BodySpec =
  | { kind: 'json'; text: string }
  | { kind: 'bytes'; bytes: number[] }
  | { kind: 'empty' }
  | { kind: 'hugeList' }
  | { kind: 'hugeError' };
const bodies: fc.Arbitrary<BodySpec> = fc.oneof(
  fc.json().map((text) => ({ kind: 'json' as const, text })),
  badVideo.map((v) => ({ kind: 'json' as const, text: JSON.stringify(v) })),
  fc.record({ error: fc.json() }).map((v) => ({ kind: 'json' as const, text: JSON.stringify(v) })),
  fc
    .array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 })
    .map((a) => ({ kind: 'bytes' as const, bytes: [0xff, 0xfe, 0xc3, ...a] })),
  fc.constantFrom<BodySpec>({ kind: 'empty' }, { kind: 'hugeList' }, { kind: 'hugeError' }),
);
const HUGE_LIST = Buffer.from(`{"data":[${'{"id":"v","status":"queued"},'.repeat(150_000)}{}],"has_more":true}`);
const HUGE_ERROR = Buffer.from(`{"error":{"message":"${'x'.repeat(4_000_000)}"}}`);
function buildBody(spec: BodySpec): Buffer {
  if (spec.kind === 'json') return Buffer.from(spec.text);
  if (spec.kind === 'bytes') return Buffer.from(spec.bytes);
  if (spec.kind === 'hugeList') return HUGE_LIST;
  if (spec.kind === 'hugeError') return HUGE_ERROR;
  return Buffer.alloc(0);
}
const replies: fc.Arbitrary<Reply> = fc.record({
  status: fc.constantFrom(
    200,
    200,
    200,
    201,
    204,
    301,
    304,
    400,
    401,
    404,
    409,
    413,
    418,
    422,
    429,
    500,
    502,
    503,
    504,
    599,
  ),
  headers: fc.record(
    {
      'content-type': fc.constantFrom(
        'application/json',
        'text/html',
        'application/json; charset=latin1',
        'video/mp4',
        '',
      ),
      'retry-after': fc.constantFrom('0', '1', '-1', 'soon', '99999999', 'Wed, 21 Oct 2015 07:28:00 GMT'),
      'retry-after-ms': fc.constantFrom('0', '5', 'NaN', '1e400'),
      'x-should-retry': fc.constantFrom('true', 'false', 'maybe'),
      'openai-poll-after-ms': fc.constantFrom('0', '10', '-3', 'x'),
    },
    { requiredKeys: [] },
  ),
  body: bodies,
});
const weirdId = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('', '..', '.', 'a/b', '%2e', 'video_1?x=1', '\u0000', 'é'),
  fc.anything(),
);
const weirdParams = fc.oneof(
  fc.anything(),
  fc.record(
    {
      prompt: fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.constant('')),
      seconds: fc.anything(),
      size: fc.anything(),
      model: fc.anything(),
      limit: fc.anything(),
      order: fc.anything(),
      after: fc.anything(),
    },
    { requiredKeys: [] },
  ),
);

type Call = (client: SoraClient, id: unknown, params: unknown) => Observable<unknown>;
/* eslint-disable @typescript-eslint/no-explicit-any -- the fuzz deliberately passes wrongly typed input */
const calls: Record<string, Call> = {
  getVideoStatus: (c, id) => c.getVideoStatus(id as any),
  listVideos: (c, _id, p) => c.listVideos(p as any),
  createVideo: (c, _id, p) => c.createVideo(p as any),
  deleteVideo: (c, id) => c.deleteVideo(id as any),
  remixVideo: (c, id, p) => c.remixVideo(id as any, p as any),
  watchVideo: (c, id) =>
    c.watchVideo(id as any, { intervalMs: 5, minIntervalMs: 5, maxIntervalMs: 20, deadlineMs: 3_000 }),
  downloadVideo: (c, id) => c.downloadVideo(id as any, { destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
  healthCheck: (c) => c.healthCheck(),
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * BUG (src/streams/videos/watch-video.ts:71, `history.push({ status: video.status, ... })` with `video = res.data`):
 * a 200 whose body is empty or JSON `null` makes `res.data` undefined/null and the watch errors with an untyped
 * `TypeError: Cannot read properties of undefined (reading 'status')`. Tolerated here, asserted in known-bugs.
 */
function isKnownWatchBug(op: string, outcome: unknown): boolean {
  return op === 'watchVideo' && outcome instanceof TypeError && /reading 'status'/.test(outcome.message);
}

describe('bad input fuzz', () => {
  let server: Server;
  let reply: Reply = { status: 200, headers: {}, body: { kind: 'empty' } };
  let baseURL = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const body = buildBody(reply.body);
        res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('every case ends in a value or a typed error, in time', { timeout: 60_000 }, async () => {
    const client = fastClient(baseURL, { maxRetries: 1, timeoutMs: 1_000 });
    const outcomes = new Map<string, number>();
    let knownBugHits = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...Object.keys(calls)),
          weirdId,
          weirdParams,
          replies,
          async (op, id, params, r) => {
            reply = r;
            let timer: NodeJS.Timeout | undefined;
            const outcome = await Promise.race([
              new Promise<unknown>((resolve) => {
                try {
                  lastValueFrom(calls[op]!(client, id, params), { defaultValue: 'empty' }).then(
                    () => resolve('value'),
                    (e: unknown) => resolve(isSoraError(e) ? `typed:${e.name}` : e),
                  );
                } catch (thrown) {
                  resolve({ thrownSynchronously: thrown });
                }
              }),
              new Promise((resolve) => (timer = setTimeout(() => resolve('hang'), CASE_TIMEOUT_MS))),
            ]);
            clearTimeout(timer);
            const key =
              typeof outcome === 'string'
                ? outcome
                : `untyped(${String((outcome as Error)?.stack ?? outcome).slice(0, 300)})`;
            outcomes.set(`${op}:${key}`, (outcomes.get(`${op}:${key}`) ?? 0) + 1);
            const ok = outcome === 'value' || (typeof outcome === 'string' && outcome.startsWith('typed:'));
            expect(ok || isKnownWatchBug(op, outcome)).toBe(true);
            if (!ok) knownBugHits++;
          },
        ),
        { numRuns: 250, seed: 271828, endOnFailure: true },
      );
    } finally {
      client.close();
      console.info(`fuzz: ${knownBugHits} cases hit the known watch-video.ts TypeError`);
      console.info(`fuzz outcomes: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
    }
  });
});
