/**
 * Downloads against servers that stall, drip, lie about the content or encode it anyway, and destinations that
 * fail. A stall is a typed, retryable `DownloadStalledError` (a path download restarts, no `.part` is left); a JSON
 * answer is an error, not the file; a gzip body is decoded; a failing destination is a non-retryable write error.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadStalledError, ResponseTooLargeError } from '../../../src/errors/index.js';
import { json, startTestServer, type TestServer } from '../../helpers/loopback-server.js';
import { listDir, sleep, tempDir } from '../helpers.js';
import { failureOf, hostileClient, writeForever } from './helpers.js';

const MEDIA = Buffer.alloc(200_000, 7);

let server: TestServer;
let dir: string;
let removeDir: () => Promise<void>;
beforeEach(async () => {
  server = await startTestServer();
  ({ dir, remove: removeDir } = await tempDir('hostile-dl'));
});
afterEach(async () => {
  await server.close();
  await removeDir();
});

/** Sends the first `head` bytes of MEDIA with the full Content-Length, then goes silent (until the client leaves). */
function stallAfter(head: number): void {
  server.handle((_req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(MEDIA.length) });
    res.write(MEDIA.subarray(0, head));
  });
}

describe('download stalls', () => {
  it('a server that goes silent after the headers errors with DownloadStalledError; no .part is left', async () => {
    stallAfter(1000);
    const sora = hostileClient(server.baseURL, { idleTimeoutMs: 150, maxRetries: 0 });
    const started = Date.now();
    const error = await failureOf(sora.downloadVideo('video_1', { destination: join(dir, 'out.mp4') }));
    sora.close();
    expect(error).toBeInstanceOf(DownloadStalledError);
    expect(error).toMatchObject({ code: 'download_stalled', retryable: true, idleTimeoutMs: 150, phase: 'transfer' });
    expect(Date.now() - started).toBeLessThan(3_000);
    await server.waitForAborts(1);
    expect(await listDir(dir)).toEqual([]);
  });

  it('a stalled path download restarts from scratch and completes', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(MEDIA.length) });
      if (++calls === 1) return void res.write(MEDIA.subarray(0, 5000));
      res.end(MEDIA);
    });
    const sora = hostileClient(server.baseURL, { idleTimeoutMs: 150, maxRetries: 2 });
    const last = await lastValueFrom(sora.downloadVideo('video_1', { destination: join(dir, 'out.mp4') }));
    sora.close();
    expect(last).toMatchObject({ done: true, bytesWritten: MEDIA.length });
    expect(calls).toBe(2);
    expect((await readFile(join(dir, 'out.mp4'))).equals(MEDIA)).toBe(true); // (toEqual is slow on buffers)
    expect(await listDir(dir)).toEqual(['out.mp4']);
  });

  it('a drip slower than idleTimeoutMs stalls too', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(MEDIA.length) });
      const timer = setInterval(() => res.write(MEDIA.subarray(0, 1)), 400);
      res.on('close', () => clearInterval(timer));
    });
    const sora = hostileClient(server.baseURL, { idleTimeoutMs: 150, maxRetries: 0 });
    const error = await failureOf(sora.downloadVideo('video_1', { destination: join(dir, 'out.mp4') }));
    sora.close();
    expect(error).toBeInstanceOf(DownloadStalledError);
  });

  it('a slow destination (backpressure) is not a stall', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(MEDIA.length) });
      res.end(MEDIA);
    });
    let received = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, done) {
        received += chunk.length;
        setTimeout(done, 60); // 60 ms per chunk, several chunks: far longer than idleTimeoutMs in total
      },
    });
    const sora = hostileClient(server.baseURL, { idleTimeoutMs: 100, maxRetries: 0 });
    const last = await lastValueFrom(sora.downloadVideo('video_1', { destination: slow }));
    sora.close();
    expect(last).toMatchObject({ done: true, bytesWritten: MEDIA.length });
    expect(received).toBe(MEDIA.length);
  });
});

describe('downloads tell the truth', () => {
  it('an endless error body on a download (stream mode) is cut at 64 KiB', async () => {
    const sent: Promise<number>[] = [];
    server.handle((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.write('{"error":{"message":"');
      sent.push(writeForever(res, Buffer.alloc(16 * 1024, 0x61)));
    });
    const sora = hostileClient(server.baseURL);
    const error = await failureOf(sora.downloadVideo('video_1', { destination: join(dir, 'out.mp4') }));
    sora.close();
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limitBytes: 64 * 1024, status: 404 });
    expect(await Promise.all(sent)).toEqual([expect.any(Number)]);
    expect((await sent[0])!).toBeLessThan(8 * 1024 * 1024);
    expect(await listDir(dir)).toEqual([]);
  });

  it('a 200 application/json answer to a content request is an error and nothing is written', async () => {
    server.handle((_req, res) =>
      json(res, 200, { error: { message: 'video is not ready', type: 'invalid_request_error', code: 'not_ready' } }),
    );
    const sora = hostileClient(server.baseURL);
    const error = await failureOf(sora.downloadVideo('video_1', { destination: join(dir, 'out.mp4') }));
    sora.close();
    expect(error).toMatchObject({ code: 'not_ready', status: 200, retryable: false });
    expect(error.message).toContain('video is not ready');
    expect(server.requests).toHaveLength(1);
    expect(await listDir(dir)).toEqual([]);
  });

  it('a body gzip-encoded despite accept-encoding: identity is decoded (not reported as truncated)', async () => {
    const encoded = gzipSync(MEDIA);
    server.handle((req, res) => {
      expect(req.headers['accept-encoding']).toBe('identity');
      res.writeHead(200, {
        'content-type': 'video/mp4',
        'content-encoding': 'gzip',
        'content-length': String(encoded.length),
      });
      res.end(encoded);
    });
    const sora = hostileClient(server.baseURL);
    const last = await lastValueFrom(sora.downloadVideo('video_1', { destination: join(dir, 'out.mp4') }));
    sora.close();
    expect(last).toMatchObject({ done: true, bytesWritten: MEDIA.length });
    expect((await readFile(join(dir, 'out.mp4'))).equals(MEDIA)).toBe(true); // (toEqual is slow on buffers)
  });

  it('a body in an unknown encoding is a clear typed error, and no file', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-encoding': 'zz-weird' });
      res.end(MEDIA);
    });
    const sora = hostileClient(server.baseURL);
    const error = await failureOf(sora.downloadVideo('video_1', { destination: join(dir, 'out.mp4') }));
    sora.close();
    expect(error).toMatchObject({ code: 'unsupported_encoding', retryable: false });
    expect(await listDir(dir)).toEqual([]);
  });

  it('a body the server cuts is truncated_body, never mistaken for a failing destination', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(MEDIA.length) });
      res.write(MEDIA.subarray(0, 100), () => res.destroy());
    });
    const sora = hostileClient(server.baseURL, { maxRetries: 0 });
    for (let i = 0; i < 10; i++) {
      const sink = new Writable({ write: (_c: Buffer, _e, done) => done() });
      const error = await failureOf(sora.downloadVideo('video_1', { destination: sink }));
      expect(error).toMatchObject({ name: 'ConnectionError', phase: 'transfer', retryable: true });
    }
    sora.close();
  });

  it('a failing destination Writable is a non-retryable write error, not truncated_body', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(MEDIA.length) });
      res.end(MEDIA);
    });
    const failing = new Writable({
      write(_chunk, _enc, done) {
        done(new Error('disk on fire'));
      },
    });
    const sora = hostileClient(server.baseURL, { maxRetries: 2 });
    const error = await failureOf(sora.downloadVideo('video_1', { destination: failing }));
    sora.close();
    expect(error).toMatchObject({ code: 'download_write_failed', retryable: false });
    expect(error.message).toContain('disk on fire');
    await sleep(50);
    expect(server.requests).toHaveLength(1);
  });
});
