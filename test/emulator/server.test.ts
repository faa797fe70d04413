import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startSoraEmulator } from '../../src/emulator/index.js';
import { KEY, rawRequest, start } from './helpers.js';

/** Active TCP handles (servers and sockets) of this process. */
const tcpHandles = () => process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;

/** GET with a keep-alive agent; resolves with the status once the body is read. */
function get(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent, headers: { authorization: `Bearer ${KEY}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('server', () => {
  it('starts fast on 127.0.0.1 with a /v1 base URL', async () => {
    const started = performance.now();
    const emu = await startSoraEmulator();
    const ms = performance.now() - started;
    try {
      expect(ms).toBeLessThan(300);
      expect(emu.baseURL).toBe(`http://127.0.0.1:${emu.port}/v1`);
      expect(emu.port).toBeGreaterThan(0);
    } finally {
      await emu.close();
    }
  });

  it('close() ends keep-alive sockets, pending latency faults, and leaves no TCP handle', async () => {
    const before = tcpHandles();
    const emu = await start();
    const agent = new Agent({ keepAlive: true });
    await Promise.all(Array.from({ length: 20 }, () => get(agent, `${emu.baseURL}/videos`)));
    expect(emu.openConnections()).toBeGreaterThan(0);
    expect(tcpHandles()).toBeGreaterThan(before);
    emu.inject({ kind: 'latency', ms: 60_000 });
    const hanging = rawRequest(emu, 'GET', '/videos');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await emu.close();
    expect((await hanging).error).toBeDefined();
    agent.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emu.openConnections()).toBe(0);
    expect(tcpHandles()).toBeLessThanOrEqual(before);
    await emu.close(); // idempotent
  });

  it('records requests with timing, status and body summary, capped by maxRecordedRequests', async () => {
    const emu = await start({ maxRecordedRequests: 10 });
    try {
      const agent = new Agent({ keepAlive: true });
      for (let i = 0; i < 25; i++) await get(agent, `${emu.baseURL}/videos?limit=${i % 5}`);
      agent.destroy();
      expect(emu.requests.length).toBeLessThanOrEqual(10);
      expect(emu.requests.at(-1)).toMatchObject({
        method: 'GET',
        path: '/v1/videos',
        query: { limit: '4' },
        status: 200,
        bodySummary: { kind: 'none', bytes: 0 },
        id: expect.stringMatching(/^req_/),
      });
      expect(emu.requests.at(-1)!.durationMs).toBeGreaterThanOrEqual(0);
    } finally {
      await emu.close();
    }
  });

  it('serves 1,000 concurrent connections without error', async () => {
    const emu = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1000 });
    try {
      const statuses = await Promise.all(Array.from({ length: 3000 }, () => get(agent, `${emu.baseURL}/videos`)));
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(emu.openConnections()).toBeGreaterThan(100);
    } finally {
      agent.destroy();
      await emu.close();
    }
  });

  it('answers 413 beyond maxBodyBytes', async () => {
    const emu = await start({ maxBodyBytes: 100 });
    try {
      const res = await rawRequest(emu, 'POST', '/videos', JSON.stringify({ prompt: 'x'.repeat(200) }));
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'request_too_large' } });
    } finally {
      await emu.close();
    }
  });

  it('survives clients that vanish mid-body or during a latency fault', async () => {
    const emu = await start();
    try {
      await new Promise<void>((resolve) => {
        const req = request(`${emu.baseURL}/videos`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'content-length': '1000' },
        });
        req.on('error', () => resolve());
        req.write('{"prompt":');
        setTimeout(() => req.destroy(), 20);
      });
      emu.inject({ kind: 'latency', ms: 100 });
      const aborted = new AbortController();
      const pending = fetch(`${emu.baseURL}/videos`, {
        signal: aborted.signal,
        headers: { authorization: `Bearer ${KEY}` },
      });
      setTimeout(() => aborted.abort(), 20);
      await expect(pending).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await rawRequest(emu, 'GET', '/videos')).status).toBe(200);
      expect(emu.videos.size).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it('rejects bad options', async () => {
    await expect(startSoraEmulator({ timeScale: 0 })).rejects.toThrow(RangeError);
    await expect(startSoraEmulator({ rateLimit: { requestsPerMinute: 0 } })).rejects.toThrow(RangeError);
  });
});
