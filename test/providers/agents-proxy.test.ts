import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { lastValueFrom, merge } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client.js';
import { videoFixture } from '../../src/testing/fixtures.js';
import { json, startTestServer, type TestServer } from '../helpers/loopback-server.js';

const KEY = 'sk-proxy-test-key-0123456789';
/** Resolves every host name to 127.0.0.1, so a "remote" host name still only touches loopback. */
const toLoopback: LookupFunction = (_host, options, callback) => {
  if ((options as { all?: boolean }).all)
    (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
      { address: '127.0.0.1', family: 4 },
    ]);
  else callback(null, '127.0.0.1', 4);
};

describe('maxSockets and custom agents', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('maxSockets bounds the sockets open at once', async () => {
    let open = 0;
    let peak = 0;
    server.handle((_req, res) => {
      open++;
      peak = Math.max(peak, open);
      setTimeout(() => {
        open--;
        json(res, 200, videoFixture({ id: 'video_1' }));
      }, 30);
    });
    const sora = createSoraClient({ baseURL: server.baseURL, maxSockets: 2, logLevel: 'silent' });
    await lastValueFrom(merge(...Array.from({ length: 6 }, () => sora.getVideoStatus('video_1'))));
    expect(peak).toBe(2);
    sora.close();
  });

  it('uses your httpAgent as is and never destroys it', async () => {
    server.handle((_req, res) => json(res, 200, videoFixture({ id: 'video_1' })));
    class CountingAgent extends http.Agent {
      connections = 0;
      destroyed = false;
      override destroy(): void {
        this.destroyed = true;
        super.destroy();
      }
    }
    const agent = new CountingAgent({ keepAlive: true });
    const original = agent.createConnection.bind(agent);
    agent.createConnection = ((...args: Parameters<typeof original>) => {
      agent.connections++;
      return original(...args);
    }) as typeof agent.createConnection;
    const sora = createSoraClient({ baseURL: server.baseURL, httpAgent: agent, logLevel: 'silent' });
    await lastValueFrom(sora.getVideoStatus('video_1'));
    expect(agent.connections).toBeGreaterThan(0);
    sora.close();
    expect(agent.destroyed).toBe(false);
    agent.destroy();
  });
});

describe('HTTP(S)_PROXY / NO_PROXY (what axios 1.21.1 does on Node, on loopback only)', () => {
  let proxy: TestServer;
  let upstream: TestServer;
  const saved = { ...process.env };
  beforeAll(async () => {
    [proxy, upstream] = await Promise.all([startTestServer(), startTestServer()]);
  });
  afterEach(() => {
    for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  afterAll(async () => {
    await Promise.all([proxy.close(), upstream.close()]);
  });

  it('an http:// target goes through HTTP_PROXY as a forward proxy (absolute URL; the proxy sees the key)', async () => {
    process.env.HTTP_PROXY = proxy.origin;
    proxy.handle((_req, res) => json(res, 200, videoFixture({ id: 'video_1' })));
    const sora = createSoraClient({
      apiKey: KEY,
      baseURL: 'http://sora-upstream.test/v1',
      dangerouslyAllowInsecureHttp: true,
      logLevel: 'silent',
    });
    await lastValueFrom(sora.getVideoStatus('video_1'));
    const seen = proxy.requests.at(-1)!;
    expect(seen.url).toBe('http://sora-upstream.test/v1/videos/video_1');
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    sora.close();
  });

  it('NO_PROXY hosts go direct; loopback hosts are proxied too unless NO_PROXY lists them', async () => {
    process.env.HTTP_PROXY = proxy.origin;
    process.env.NO_PROXY = 'sora-upstream.test';
    upstream.handle((_req, res) => json(res, 200, videoFixture({ id: 'video_1' })));
    const before = proxy.requests.length;
    const agent = new http.Agent({ lookup: toLoopback } as http.AgentOptions);
    const direct = createSoraClient({
      apiKey: KEY,
      baseURL: `http://sora-upstream.test:${upstream.port}/v1`,
      dangerouslyAllowInsecureHttp: true,
      httpAgent: agent,
      logLevel: 'silent',
    });
    await lastValueFrom(direct.getVideoStatus('video_1'));
    expect(proxy.requests.length).toBe(before);
    expect(upstream.requests.at(-1)?.url).toBe('/v1/videos/video_1');
    // axios does not exempt loopback by itself: the emulator needs NO_PROXY=127.0.0.1,localhost
    proxy.handle((_req, res) => json(res, 200, videoFixture({ id: 'video_1' })));
    const loopback = createSoraClient({ baseURL: upstream.baseURL, logLevel: 'silent' });
    await lastValueFrom(loopback.getVideoStatus('video_1'));
    expect(proxy.requests.at(-1)?.url).toBe(`${upstream.baseURL}/videos/video_1`);
    process.env.NO_PROXY = '127.0.0.1,localhost';
    const seen = upstream.requests.length;
    await lastValueFrom(loopback.getVideoStatus('video_1'));
    expect(upstream.requests.length).toBe(seen + 1);
    expect(proxy.requests.length).toBe(before + 1);
    direct.close();
    loopback.close();
    agent.destroy();
  });

  it('an https:// target is CONNECT-tunnelled through HTTPS_PROXY; the CONNECT carries no key', async () => {
    const connects: http.IncomingMessage[] = [];
    const tunnel = http.createServer();
    tunnel.on('connect', (req: http.IncomingMessage, socket) => {
      connects.push(req);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((resolve) => tunnel.listen(0, '127.0.0.1', resolve));
    process.env.HTTPS_PROXY = `http://127.0.0.1:${(tunnel.address() as AddressInfo).port}`;
    const sora = createSoraClient({
      apiKey: KEY,
      baseURL: 'https://sora-upstream.test/v1',
      maxRetries: 0,
      logLevel: 'silent',
    });
    const err = await lastValueFrom(sora.getVideoStatus('video_1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(connects).toHaveLength(1);
    expect(connects[0]!.url).toBe('sora-upstream.test:443');
    expect(JSON.stringify(connects[0]!.headers)).not.toContain(KEY);
    sora.close();
    await new Promise<void>((resolve) => tunnel.close(() => resolve()));
  });
});
