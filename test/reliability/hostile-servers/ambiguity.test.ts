/**
 * A create the server processed but answered with something that is not an HTTP status: a 100 KB header
 * (`HPE_HEADER_OVERFLOW`), a broken status line, a body that is not JSON, a reset mid-body. Each must go through
 * reconciliation (list recent videos, adopt the one the create made) instead of a plain failure that orphans the
 * paid job, and the POST is never sent twice.
 */
import type http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { videoFixture, videoListFixture } from '../../../src/testing/fixtures.js';
import { json, startTestServer, type TestServer } from '../../helpers/loopback-server.js';
import { failureOf, first, hostileClient } from './helpers.js';

const PROMPT = 'an ambiguous fox';
let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const misbehaviours: Array<[string, (res: http.ServerResponse) => void]> = [
  [
    'a 100 KB response header (HPE_HEADER_OVERFLOW)',
    (res) => {
      res.setHeader('x-padding', 'a'.repeat(100_000));
      json(res, 200, videoFixture({ id: 'video_made', prompt: PROMPT }));
    },
  ],
  [
    'a broken status line',
    (res) => {
      res.socket?.end('HTTP/1.1 2OO OK\r\ncontent-length: 2\r\n\r\n{}');
    },
  ],
  [
    'a 200 whose body is cut by a reset',
    (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id":"video_ma');
      setTimeout(() => res.socket?.destroy(), 10);
    },
  ],
  [
    'a 200 whose body is not JSON',
    (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>proxy error</html>');
    },
  ],
];

describe('failures of a create that are not an HTTP status are ambiguous', () => {
  it.each(misbehaviours)('%s: the create is reconciled, not orphaned', async (_what, misbehave) => {
    const made = videoFixture({ id: 'video_made', prompt: PROMPT, created_at: Math.floor(Date.now() / 1000) });
    server.handle((req, res) => {
      if (req.method === 'POST') return misbehave(res);
      json(res, 200, videoListFixture([made]));
    });
    const sora = hostileClient(server.baseURL);
    const video = await first(sora.createVideo({ prompt: PROMPT }));
    sora.close();
    expect(video.id).toBe('video_made');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(server.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/v1/videos?'))).toHaveLength(1);
  });

  it('a header overflow on a GET is a typed, retried transfer failure (code invalid_http_response)', async () => {
    server.handle((_req, res) => {
      res.setHeader('x-padding', 'a'.repeat(100_000));
      json(res, 200, videoFixture({ id: 'video_1' }));
    });
    const sora = hostileClient(server.baseURL);
    const error = await failureOf(sora.getVideoStatus('video_1'));
    sora.close();
    expect(error).toMatchObject({ name: 'ConnectionError', code: 'invalid_http_response', phase: 'transfer' });
    expect(server.requests).toHaveLength(3); // retried as a broken transfer is (maxRetries: 2)
  });
});
