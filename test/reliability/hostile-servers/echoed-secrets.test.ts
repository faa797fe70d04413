/**
 * A server that echoes the API key back (in `x-request-id`, `Location`, other headers, an error message, a failed
 * job's error): nothing sora-rx keeps, logs or serialises may contain it. The key here is not `sk-`-shaped, so
 * only the registered-secret scrubbing can catch it. Also: `util.inspect` / `JSON.stringify` of the client and its
 * config, a numeric `error.code` of a failed job, and a long error message (cut at 2 KiB).
 */
import { inspect } from 'node:util';
import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SoraError, VideoGenerationFailedError, isSoraError } from '../../../src/errors/index.js';
import type { Video } from '../../../src/streams/videos/types.js';
import { videoFixture } from '../../../src/testing/fixtures.js';
import { captureLogs } from '../../helpers/log-capture.js';
import { errorBody, json, startTestServer, type TestServer } from '../../helpers/loopback-server.js';
import { failureOf, hostileClient } from './helpers.js';

const KEY = 'gw-echoed-key-7f3a9c1e5b';
let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

const echoHeaders = {
  'x-request-id': `req_${KEY}`,
  location: `https://gw.example/v1/videos?key=${KEY}`,
  'x-echo-auth': `Bearer ${KEY}`,
  'retry-after-ms': '1',
};

/** Everything a user could see of an error. */
function everything(error: unknown): string {
  const e = error as Record<string, unknown>;
  return [
    String(error),
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 8, showHidden: true }),
    JSON.stringify(e['headers'] ?? {}),
    JSON.stringify(e['video'] ?? {}),
    String(e['fullMessage'] ?? ''),
  ].join('\n');
}

describe('echoed secrets are scrubbed', () => {
  it.each([429, 500, 404])('a %s echoing the key in headers and message keeps none of it', async (status) => {
    server.handle((_req, res) => json(res, status, errorBody(`bad key ${KEY} for you`, 'bad_key'), echoHeaders));
    const logs = captureLogs('debug');
    const sora = hostileClient(server.baseURL, { apiKey: KEY, logger: logs.logger });
    const error = await failureOf(sora.getVideoStatus('video_1'));
    sora.close();
    expect(isSoraError(error)).toBe(true);
    expect((error as unknown as SoraError).toJSON().requestId).toBe('req_[REDACTED]');
    expect((error as unknown as { headers: Record<string, string> }).headers['location']).toContain('[REDACTED]');
    expect(everything(error)).not.toContain(KEY);
    expect(logs.text()).toContain('req_[REDACTED]'); // the debug log kept the request id, scrubbed
    expect(logs.text()).not.toContain(KEY);
  });

  it('a 2xx echoing the key in x-request-id is logged scrubbed', async () => {
    server.handle((_req, res) => json(res, 200, videoFixture({ id: 'video_1' }), echoHeaders));
    const logs = captureLogs('debug');
    const sora = hostileClient(server.baseURL, { apiKey: KEY, logger: logs.logger });
    await lastValueFrom(sora.getVideoStatus('video_1'));
    sora.close();
    expect(logs.text()).toContain('req_[REDACTED]');
    expect(logs.text()).not.toContain(KEY);
  });

  it("a failed job's error is scrubbed and its numeric code becomes a string", async () => {
    const failed = {
      ...videoFixture({ id: 'video_1', status: 'failed', progress: 100 }),
      error: { code: 42, message: `upstream rejected key ${KEY}` },
      prompt: `echo ${KEY}`,
    };
    server.handle((_req, res) => json(res, 200, failed, echoHeaders));
    const sora = hostileClient(server.baseURL, { apiKey: KEY });
    const error = await failureOf(sora.watchVideo('video_1', { intervalMs: 10, minIntervalMs: 10 }));
    sora.close();
    expect(error).toBeInstanceOf(VideoGenerationFailedError);
    const failure = error as unknown as VideoGenerationFailedError<Video>;
    expect(failure.code).toBe('42');
    expect(failure.jobError).toEqual({ code: '42', message: 'upstream rejected key [REDACTED]' });
    expect(failure.video.error?.code).toBe('42');
    expect(failure.video.prompt).toBe('echo [REDACTED]');
    expect(everything(error)).not.toContain(KEY);
  });

  it('util.inspect and JSON of the client and its config show the key redacted', () => {
    const sora = hostileClient(server.baseURL, { apiKey: KEY });
    const views = [
      inspect(sora, { depth: 8 }),
      inspect(sora.config, { depth: 8, showHidden: true }),
      JSON.stringify(sora),
      JSON.stringify(sora.config),
      `${JSON.stringify({ client: sora })}`,
    ];
    sora.close();
    for (const view of views) {
      expect(view).not.toContain(KEY);
      expect(view).toContain('[REDACTED]');
    }
    expect(sora.config.apiKey).toBe(KEY); // the key itself is still there for the transport
    expect(JSON.parse(JSON.stringify(sora.config))).toMatchObject({ apiKey: '[REDACTED]', baseURL: server.baseURL });
  });

  it('a 60 KB error message is cut at 2 KiB; the full (bounded) text stays on fullMessage', async () => {
    const long = `start ${KEY} ${'x'.repeat(60_000)} end`;
    server.handle((_req, res) => json(res, 400, errorBody(long, 'too_long')));
    const sora = hostileClient(server.baseURL, { apiKey: KEY });
    const error = await failureOf(sora.getVideoStatus('video_1'));
    sora.close();
    expect(error.message.length).toBeLessThanOrEqual(2048 + 40);
    expect(error.message).toContain('start [REDACTED]');
    const full = (error as unknown as { fullMessage: string }).fullMessage;
    expect(full).toContain(' end');
    expect(full.length).toBeLessThanOrEqual(64 * 1024);
    expect(Object.keys(error)).not.toContain('fullMessage'); // not enumerable: JSON and logs stay small
    expect(JSON.stringify(error).length).toBeLessThan(4096);
  });
});
