/**
 * Oversized bodies: a JSON answer past `maxResponseBytes`, an endless chunked body (status, list page, 500 error),
 * a gzip bomb. Each must end with a typed `ResponseTooLargeError` after the bound (counted after decompression)
 * with the socket destroyed, so the server stops writing soon after the bound. Memory is measured in
 * memory.test.ts (child processes).
 */
import zlib, { gzipSync } from 'node:zlib';
import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResponseTooLargeError } from '../../../src/errors/index.js';
import { videoFixture, videoListFixture } from '../../../src/testing/fixtures.js';
import { json, startTestServer, type TestServer } from '../../helpers/loopback-server.js';
import { failureOf, first, hostileClient, writeForever } from './helpers.js';

const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20); // spaces: valid JSON padding, so only the size can fail it

let server: TestServer;
let written: Promise<number>[];
beforeEach(async () => {
  server = await startTestServer();
  written = [];
});
afterEach(() => server.close());

/** Every request is answered with `status` and a body that never ends. */
function endless(status: number, headers: Record<string, string> = {}): void {
  server.handle((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.write('{"pad":"');
    written.push(writeForever(res, CHUNK));
  });
}

async function bytesWritten(): Promise<number[]> {
  return Promise.all(written);
}

describe('bounded response bodies', () => {
  it('a JSON answer past maxResponseBytes errors with response_too_large and the socket is closed', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(500 * MiB) });
      written.push(writeForever(res, CHUNK, 500 * MiB));
    });
    const sora = hostileClient(server.baseURL, { maxResponseBytes: MiB });
    const error = await failureOf(sora.getVideoStatus('video_1'));
    sora.close();
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ code: 'response_too_large', limitBytes: MiB, status: 200, retryable: false });
    expect(server.requests).toHaveLength(1); // an oversized 2xx is not fetched again
    const [sent] = await bytesWritten();
    expect(sent).toBeLessThan(16 * MiB); // the server stopped soon after the bound: the socket was destroyed
  });

  it.each([
    ['a status', (base: string) => hostileClient(base, { maxResponseBytes: MiB }).getVideoStatus('video_1')],
    ['a list page', (base: string) => hostileClient(base, { maxResponseBytes: MiB }).listVideos({ limit: 5 })],
  ])('an endless chunked body on %s ends at maxResponseBytes', async (_what, call) => {
    endless(200);
    const error = await failureOf(call(server.baseURL));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error['limitBytes']).toBe(MiB);
    const sent = await bytesWritten();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeLessThan(16 * MiB);
  });

  it('an endless 500 error body is cut at 64 KiB (each retry too), whatever maxResponseBytes says', async () => {
    endless(500);
    const sora = hostileClient(server.baseURL, { maxResponseBytes: 100 * MiB });
    const error = await failureOf(sora.getVideoStatus('video_1'));
    sora.close();
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limitBytes: 64 * 1024, status: 500 });
    const sent = await bytesWritten();
    expect(sent).toHaveLength(3); // a 500 is retried as a 500 is, each attempt bounded
    for (const n of sent) expect(n).toBeLessThan(8 * MiB);
  });

  it('a gzip bomb is cut after maxResponseBytes of DECODED bytes', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * MiB, 0x20), { level: 9 }); // ~64 KiB on the wire
    expect(bomb.length).toBeLessThan(MiB);
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const sora = hostileClient(server.baseURL, { maxResponseBytes: 2 * MiB });
    const error = await failureOf(sora.getVideoStatus('video_1'));
    sora.close();
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error['limitBytes']).toBe(2 * MiB);
  });

  it('a small gzip (and deflate, br) body is decoded and parsed', async () => {
    const video = videoFixture({ id: 'video_1' });
    for (const coding of ['gzip', 'deflate', 'br'] as const) {
      server.handle((req, res) => {
        expect(req.headers['accept-encoding']).toBe('gzip, deflate, br'); // only what sora-rx decodes
        const raw = Buffer.from(JSON.stringify(video));
        const body =
          coding === 'gzip'
            ? zlib.gzipSync(raw)
            : coding === 'deflate'
              ? zlib.deflateSync(raw)
              : zlib.brotliCompressSync(raw);
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding });
        res.end(body);
      });
      const sora = hostileClient(server.baseURL);
      await expect(first(sora.getVideoStatus('video_1'))).resolves.toMatchObject({ id: 'video_1' });
      sora.close();
    }
  });

  it('an unknown Content-Encoding is a typed error, not garbage parsed as JSON', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'x-custom' });
      res.end('\u0000\u0001garbage');
    });
    const sora = hostileClient(server.baseURL);
    const error = await failureOf(sora.getVideoStatus('video_1'));
    sora.close();
    expect(error).toMatchObject({ code: 'unsupported_encoding', retryable: false });
  });

  it('an oversized 2xx answer to a create is ambiguous: reconciled by listing, never sent twice', async () => {
    const created = videoFixture({
      id: 'video_made',
      prompt: 'a hostile fox',
      created_at: Math.floor(Date.now() / 1000),
    });
    server.handle((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"pad":"');
        written.push(writeForever(res, CHUNK));
        return;
      }
      json(res, 200, videoListFixture([created]));
    });
    const sora = hostileClient(server.baseURL, { maxResponseBytes: MiB });
    const video = await first(sora.createVideo({ prompt: 'a hostile fox' }));
    sora.close();
    expect(video.id).toBe('video_made');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
  });

  it("axios's own maxContentLength counts decoded bytes (why sora-rx decodes and counts itself, per status)", async () => {
    const bomb = gzipSync(Buffer.alloc(4 * MiB, 0x20));
    server.handle((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const limited = axios.create({ maxContentLength: MiB, validateStatus: () => true });
    await expect(limited.get(server.baseURL)).rejects.toThrow(`maxContentLength size of ${MiB} exceeded`);
    // One limit for every status (a 500 gets the JSON bound) and, without `decompress`, only wire bytes count.
    const raw = axios.create({ maxContentLength: MiB, decompress: false, validateStatus: () => true });
    const res = await raw.get(server.baseURL, { responseType: 'arraybuffer' });
    expect((res.data as ArrayBuffer).byteLength).toBe(bomb.length);
  });
});
