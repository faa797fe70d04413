import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client.js';
import { ApiError } from '../../src/errors/index.js';
import { MAX_CONTENT_REDIRECTS, nextHop } from '../../src/transport/redirects.js';
import { json, startTestServer, type TestServer } from '../helpers/loopback-server.js';

const KEY = 'sk-redirect-test-key-0123456789';
const BYTES = Buffer.from('fake mp4 bytes from the object store');

describe('content redirects (two loopback origins: the API and a "CDN" on another port)', () => {
  let api: TestServer;
  let cdn: TestServer;
  let dir: string;
  beforeAll(async () => {
    [api, cdn] = await Promise.all([startTestServer(), startTestServer()]);
    dir = await mkdtemp(join(tmpdir(), 'sora-rx-redirect-'));
    cdn.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(BYTES.length) });
      res.end(BYTES);
    });
  });
  afterAll(async () => {
    await Promise.all([api.close(), cdn.close(), rm(dir, { recursive: true, force: true })]);
  });

  const client = () =>
    createSoraClient({
      apiKey: KEY,
      baseURL: api.baseURL,
      organization: 'org-secret',
      defaultHeaders: { 'x-goog-api-key': 'goog-secret-1234' },
      logLevel: 'silent',
    });

  it('downloadVideo follows a same-origin hop then a cross-origin one; the second origin never sees a credential', async () => {
    api.handle((req, res) => {
      if (req.url?.startsWith('/v1/videos/video_1/content')) {
        res.writeHead(302, { location: '/v1/signed/abc' }).end();
      } else if (req.url === '/v1/signed/abc') {
        res.writeHead(307, { location: `${cdn.origin}/bucket/video_1.mp4?sig=1` }).end();
      } else json(res, 404, { error: { message: 'nope' } });
    });
    const sora = client();
    const out = join(dir, 'a.mp4');
    const progress = await lastValueFrom(sora.downloadVideo('video_1', { destination: out }));
    expect(progress).toMatchObject({ done: true, bytesWritten: BYTES.length });
    expect(await readFile(out)).toEqual(BYTES);
    const [first, second] = api.requests.slice(-2);
    expect(first?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(second?.headers.authorization).toBe(`Bearer ${KEY}`); // same origin keeps it
    const atCdn = cdn.requests.at(-1)!;
    expect(atCdn.url).toBe('/bucket/video_1.mp4?sig=1');
    const cdnHeaders = JSON.stringify(atCdn.headers);
    expect(atCdn.headers.authorization).toBeUndefined();
    expect(atCdn.headers['openai-organization']).toBeUndefined();
    expect(cdnHeaders).not.toContain(KEY);
    expect(cdnHeaders).not.toContain('goog-secret-1234');
    expect(cdnHeaders).not.toContain('org-secret');
    sora.close();
  });

  it(`stops after ${MAX_CONTENT_REDIRECTS} redirects with a typed error`, async () => {
    api.handle((req, res) => {
      const n = Number(/hop=(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      res.writeHead(302, { location: `/v1/loop?hop=${n + 1}` }).end();
    });
    const before = api.requests.length;
    const sora = client();
    const err = await lastValueFrom(sora.downloadVideo('video_1', { destination: join(dir, 'b.mp4') })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'too_many_redirects', retryable: false });
    expect(api.requests.length - before).toBe(MAX_CONTENT_REDIRECTS + 1);
    sora.close();
  });

  it('a JSON call follows no redirect; its error names the target host', async () => {
    api.handle((_req, res) => res.writeHead(301, { location: `${cdn.origin}/moved` }).end());
    const before = cdn.requests.length;
    const sora = client();
    const err = await lastValueFrom(sora.getVideoStatus('video_1')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'redirect_not_followed', status: 301 });
    expect((err as Error).message).toContain(`127.0.0.1:${cdn.port}`);
    expect(cdn.requests.length).toBe(before);
    sora.close();
  });

  it('never follows https -> http, and refuses non-http schemes', () => {
    const headers = { Authorization: 'Bearer k', accept: '*/*' };
    expect(() => nextHop('https://api.test/v1/x', 'http://cdn.test/y', headers, 1, 302)).toThrow(
      expect.objectContaining({ code: 'insecure_redirect' }),
    );
    expect(() => nextHop('https://api.test/v1/x', 'file:///etc/passwd', headers, 1, 302)).toThrow(
      expect.objectContaining({ code: 'insecure_redirect' }),
    );
    expect(nextHop('http://api.test/v1/x', 'https://cdn.test/y', headers, 1, 302).headers).toEqual({ accept: '*/*' });
    expect(nextHop('https://api.test/v1/x', 'https://api.test/y', headers, 1, 302).headers).toEqual(headers);
    expect(nextHop('https://api.test/v1/x', 'https://api.test:8443/y', headers, 1, 302).headers).toEqual({
      accept: '*/*',
    });
  });
});
