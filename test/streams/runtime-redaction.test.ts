import net from 'node:net';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/streams/runtime.js';
import { captureLogs } from '../helpers/log-capture.js';
import { errorBody, json, startTestServer, type TestServer } from '../helpers/loopback-server.js';
import { setupMetrics, setupTracing, type TestTracing } from '../helpers/otel.js';

const KEY = 'sk-test-SECRETKEY1234567890';
let server: TestServer;
let tracing: TestTracing;

beforeAll(async () => {
  server = await startTestServer();
  tracing = setupTracing();
});
afterAll(async () => {
  await tracing.shutdown();
  await server.close();
});

async function refusedBaseURL(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return `http://127.0.0.1:${port}/v1`;
}

describe('the API key never leaks', () => {
  it.each(['bearer', 'api-key'] as const)('%s: not in logs, spans, errors or their JSON', async (authHeader) => {
    const logs = captureLogs('trace');
    const errors: unknown[] = [];
    const make = (baseURL: string) =>
      createRuntime(
        {
          apiKey: KEY,
          authHeader,
          baseURL,
          logger: logs.logger,
          tracerProvider: tracing.provider,
          meterProvider: setupMetrics().meterProvider,
          retry: { initialDelayMs: 1, maxDelayMs: 2 },
        },
        { env: {} },
      );
    let n = 0;
    server.handle((req, res) => {
      const path = req.url ?? '';
      if (path.endsWith('/ok')) return json(res, 200, { ok: true, echoed: req.headers.authorization ?? '' });
      if (path.endsWith('/retry')) return n++ % 2 === 0 ? json(res, 503, errorBody('busy')) : json(res, 200, {});
      if (path.endsWith('/401')) return json(res, 401, errorBody(`Incorrect API key provided: ${KEY}`));
      return json(res, 500, errorBody('boom'));
    });
    const rt = make(server.baseURL);
    const run = async (runtime: typeof rt, path: string, method: 'GET' | 'POST' = 'GET') => {
      try {
        await firstValueFrom(runtime.operation('op', undefined, (s) => s.send({ method, path })));
      } catch (e) {
        errors.push(e);
      }
    };
    await run(rt, '/ok');
    await run(rt, '/retry');
    await run(rt, '/401');
    await run(rt, '/500');
    await run(rt, '/500', 'POST');
    const refused = make(await refusedBaseURL());
    await run(refused, '/x');
    rt.close();
    refused.close();

    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(logs.lines.length).toBeGreaterThan(10);
    expect(logs.text()).not.toContain(KEY);
    expect(logs.text()).not.toContain('SECRETKEY');
    for (const e of errors) {
      expect(String((e as Error).message)).not.toContain(KEY);
      expect(JSON.stringify(e)).not.toContain(KEY);
      expect(JSON.stringify((e as { cause?: unknown }).cause ?? {})).not.toContain(KEY);
      expect(String((e as { stack?: string }).stack)).not.toContain(KEY);
    }
    const spans = await tracing.spans();
    expect(spans.length).toBeGreaterThan(6);
    expect(JSON.stringify(spans.map((s) => ({ a: s.attributes, e: s.events, n: s.name, st: s.status })))).not.toContain(
      KEY,
    );
    tracing.exporter.reset();
  });
});
