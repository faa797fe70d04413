import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client.js';
import { AmbiguousRequestError, ApiKeyProviderError } from '../../src/errors/index.js';
import { classifyFailure } from '../../src/streams/operators/retry-policy.js';
import { videoFixture } from '../../src/testing/fixtures.js';
import { json, startTestServer, type TestServer } from '../helpers/loopback-server.js';

describe('a failing apiKey function on createVideo (nothing was sent)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((_req, res) => json(res, 200, videoFixture({ id: 'video_1', status: 'queued' })));
  });
  afterAll(() => server.close());

  it('surfaces ApiKeyProviderError, not AmbiguousRequestError, and sends no request (no reconcile list)', async () => {
    let calls = 0;
    const sora = createSoraClient({
      apiKey: () => {
        calls++;
        throw new Error('token endpoint down');
      },
      baseURL: server.baseURL,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await lastValueFrom(sora.createVideo({ prompt: 'a cat' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiKeyProviderError);
    expect(error).not.toBeInstanceOf(AmbiguousRequestError);
    expect(calls).toBe(1); // not retried
    expect(server.requests).toHaveLength(0); // neither a create nor a reconcile list
  });

  it('classifies as stop for a POST', () => {
    expect(classifyFailure(new ApiKeyProviderError('The apiKey function failed: x'), false)).toBe('stop');
  });
});
