import { inspect } from 'node:util';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client.js';
import { ApiKeyProviderError, AuthenticationError } from '../../src/errors/index.js';
import { videoFixture } from '../../src/testing/fixtures.js';
import { captureLogs } from '../helpers/log-capture.js';
import { json, startTestServer, type TestServer } from '../helpers/loopback-server.js';
import { setupTracing } from '../helpers/otel.js';

describe('apiKey as a function (token provider), against a loopback server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('is called before every attempt (retries included); each value is sent and never logged, traced or serialised', async () => {
    let n = 0;
    const issued: string[] = [];
    const tokenProvider = async (): Promise<string> => {
      n++;
      const token = `entra.tok-${n}-${'z'.repeat(20)}`;
      issued.push(token);
      return token;
    };
    let answered = 0;
    server.handle((req, res) => {
      answered++;
      // the first two attempts fail (and echo the token, like a careless proxy); the third succeeds
      if (answered <= 2) return json(res, 503, { error: { message: `overloaded for ${req.headers.authorization}` } });
      json(res, 200, videoFixture({ id: 'video_1', status: 'queued' }));
    });
    const logs = captureLogs('trace');
    const tracing = setupTracing();
    const sora = createSoraClient({
      apiKey: tokenProvider,
      baseURL: server.baseURL,
      logger: logs.logger,
      tracerProvider: tracing.provider,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    const video = await lastValueFrom(sora.getVideoStatus('video_1'));
    expect(video.id).toBe('video_1');
    expect(n).toBe(3);
    expect(server.requests.slice(-3).map((r) => r.headers.authorization)).toEqual(issued.map((t) => `Bearer ${t}`));
    // a fresh call asks again
    await lastValueFrom(sora.getVideoStatus('video_1'));
    expect(n).toBe(4);

    const spans = await tracing.spans();
    const everything = [
      logs.text(),
      JSON.stringify(spans.map((s) => [s.attributes, s.events, s.status])),
      inspect(sora, { depth: 6 }),
    ].join('\n');
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const token of issued) expect(everything).not.toContain(token);
    // an error that echoes the token has it redacted
    server.handle((req, res) => json(res, 401, { error: { message: `bad token ${req.headers.authorization}` } }));
    const err = (await lastValueFrom(sora.getVideoStatus('video_1')).catch((e: unknown) => e)) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    const last = issued.at(-1)!;
    expect(err.message).not.toContain(last);
    expect(JSON.stringify(err)).not.toContain(last);
    expect(inspect(err)).not.toContain(last);
    sora.close();
    await tracing.shutdown();
  });

  it('uses the api-key header with authHeader: api-key', async () => {
    server.handle((_req, res) => json(res, 200, videoFixture({ id: 'video_1' })));
    const sora = createSoraClient({
      apiKey: () => 'rotated-key-123456',
      authHeader: 'api-key',
      baseURL: server.baseURL,
    });
    await lastValueFrom(sora.getVideoStatus('video_1'));
    expect(server.requests.at(-1)?.headers['api-key']).toBe('rotated-key-123456');
    expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
    sora.close();
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('no login for sk-leaky-secret-value');
      },
    ],
    ['rejects', () => Promise.reject(new Error('AADSTS700082: token expired'))],
    ['returns an empty string', () => ''],
    ['returns a non-string', () => 42 as unknown as string],
  ])('a provider that %s fails with ApiKeyProviderError, nothing sent, not retried', async (_label, provider) => {
    const before = server.requests.length;
    let calls = 0;
    const sora = createSoraClient({
      apiKey: () => {
        calls++;
        return provider();
      },
      baseURL: server.baseURL,
      logLevel: 'silent',
    });
    const err = await lastValueFrom(sora.listVideos().pipe(toArray())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiKeyProviderError);
    expect(err).toMatchObject({ code: 'api_key_provider_failed', retryable: false });
    expect((err as Error).message).not.toContain('sk-leaky-secret-value');
    expect(calls).toBe(1);
    expect(server.requests.length).toBe(before);
    sora.close();
  });
});
