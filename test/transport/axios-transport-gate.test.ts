import http from 'node:http';
import https from 'node:https';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { createAxiosTransport } from '../../src/transport/axios-transport.js';
import { json, startTestServer, type TestServer } from '../helpers/loopback-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('axios transport: requests beyond maxSockets', () => {
  it('wait in FIFO order, and one unsubscribed while waiting is never sent', async () => {
    const agents = { httpAgent: new http.Agent({ keepAlive: true, maxSockets: 1 }), httpsAgent: new https.Agent() };
    const t = createAxiosTransport(resolveConfig({ apiKey: 'sk-test-KEY123456', baseURL: server.baseURL }, {}), {
      agents,
    });
    const release: Array<() => void> = [];
    server.handle((req, res) => release.push(() => json(res, 200, { path: req.url })));
    const before = server.requests.length;
    const first = lastValueFrom(t({ method: 'GET', path: '/a' }));
    const dropped = t({ method: 'GET', path: '/b' }).subscribe();
    const third = lastValueFrom(t({ method: 'GET', path: '/c' }));
    await server.waitForRequests(before + 1);
    dropped.unsubscribe();
    release.shift()!();
    expect((await first).data).toEqual({ path: '/v1/a' });
    await server.waitForRequests(before + 2);
    release.shift()!();
    expect((await third).data).toEqual({ path: '/v1/c' });
    expect(server.requests.slice(before).map((r) => r.url)).toEqual(['/v1/a', '/v1/c']);
    t.destroy();
  });
});
