import { describe, expect, it } from 'vitest';
import { createCliLogger } from '../../src/cli/logger.js';
import { Output } from '../../src/cli/output.js';
import { REDACT_PATHS } from '../../src/telemetry/logger.js';
import { fakeIo } from './helpers.js';

describe('CLI log redaction', () => {
  it('censors credential headers (api-key, x-api-key, cookie, …) like the library does', () => {
    const io = fakeIo();
    const headers = {
      'api-key': 'azure-key-1a2b3c4d',
      'x-api-key': 'x-key-5e6f7a8b',
      'x-litellm-api-key': 'litellm-9c0d1e2f',
      cookie: 'sess-3a4b5c6d',
      'proxy-authorization': 'Basic proxy-7e8f9a0b',
      authorization: 'Bearer abc',
      'x-request-id': 'req_visible',
    };
    createCliLogger('debug', new Output(io, true)).debug({ request: { headers }, headers }, 'request');
    const line = io.err();
    for (const [name, value] of Object.entries(headers)) {
      if (name === 'x-request-id') expect(line).toContain(value);
      else expect(line).not.toContain(value);
    }
    expect(line).toContain('[REDACTED]');
    expect(REDACT_PATHS).toContain('headers["api-key"]');
  });
});
