/**
 * An error message cut at 2 KiB must not keep part of a key that spans the cut: the whole text is redacted first
 * (errorFromResponse, SoraError, ApiError's 64 KiB `fullMessage`).
 */
import pino from 'pino';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client.js';
import { BadRequestError, SoraError } from '../../src/errors/index.js';
import { MAX_FULL_MESSAGE_CHARS } from '../../src/errors/sora-error.js';
import { registerSecret } from '../../src/util/redact.js';
import { captureLogs } from '../helpers/log-capture.js';
import { json, startTestServer, type TestServer } from '../helpers/loopback-server.js';

/** 32 characters, not `sk-` shaped: only the registry can catch it. */
const KEY = 'Zq7mW2pR9tLx4vBn8cKd3hJf6sYg1aEu';

/** Every 8-character window of the key (any one of them in the output is a leak). */
function leakedPart(text: string): string | undefined {
  for (let i = 0; i + 8 <= KEY.length; i++) if (text.includes(KEY.slice(i, i + 8))) return KEY.slice(i, i + 8);
  return undefined;
}

describe('a key spanning the 2 KiB message cut', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((_req, res) =>
      json(res, 400, { error: { message: `${'x'.repeat(2020)}${KEY}`, type: 'invalid_request_error' } }),
    );
  });
  afterAll(() => server.close());

  it('leaves no part of it in message, fullMessage, toJSON() or the logged line', async () => {
    const logs = captureLogs('trace');
    const sora = createSoraClient({ apiKey: KEY, baseURL: server.baseURL, logger: logs.logger, maxRetries: 0 });
    const error = await lastValueFrom(sora.getVideoStatus('video_1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    const e = error as BadRequestError;
    expect(e.message.length).toBeLessThan(2100); // it was cut
    const plain: string[] = [];
    pino({ level: 'trace' }, { write: (l: string) => void plain.push(l) }).error({ err: e }, 'request failed');
    for (const text of [
      e.message,
      e.fullMessage,
      e.body ?? '',
      JSON.stringify(e.toJSON()),
      plain.join(''),
      logs.text(),
    ]) {
      expect(leakedPart(text)).toBeUndefined();
    }
    expect(e.fullMessage).toContain('[REDACTED]');
  });

  it('SoraError and ApiError redact before their 64 KiB slice', () => {
    const other = 'Pw4nX8rT2kLm6vQz9bHc3jFd7sGy1aUe';
    registerSecret(other);
    const long = `${'y'.repeat(MAX_FULL_MESSAGE_CHARS - 10)}${other}`;
    const base = new SoraError(long);
    const api = new BadRequestError('400 short', { status: 400, fullMessage: long, body: long });
    for (const text of [base.message, base.fullMessage, api.fullMessage, api.body ?? '']) {
      expect(text.includes(other.slice(0, 8))).toBe(false);
      expect(text.length).toBeLessThanOrEqual(MAX_FULL_MESSAGE_CHARS + 64);
    }
  });
});
