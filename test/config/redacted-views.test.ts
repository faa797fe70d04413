import http from 'node:http';
import https from 'node:https';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client.js';

const KEY_PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
const SECRETS = [
  'hdr-auth-4f9a2c',
  'hdr-apikey-7d1e0b',
  'hdr-xapikey-3c8f',
  'hdr-litellm-9a2b',
  'hdr-cookie-5e6f',
  'hdr-proxy-1a2b',
  'hdr-token-8c9d',
  'pfx-bytes-7f7f',
  'pass-phrase-2e2e',
  'q-apikey-6b6b',
];

describe('config and client views (JSON.stringify, util.inspect) hide credentials', () => {
  it('redacts credential-looking defaultHeaders/defaultQuery and shows agents as a summary', () => {
    const httpsAgent = new https.Agent({ key: KEY_PEM, pfx: Buffer.from(SECRETS[7]!), passphrase: SECRETS[8] });
    const sora = createSoraClient({
      apiKey: 'static-key-0123456789',
      baseURL: 'http://127.0.0.1:9',
      defaultHeaders: {
        authorization: `Basic ${SECRETS[0]}`,
        'api-key': SECRETS[1]!,
        'X-Api-Key': SECRETS[2]!,
        'x-litellm-api-key': SECRETS[3]!,
        cookie: `session=${SECRETS[4]}`,
        'proxy-authorization': SECRETS[5]!,
        'x-session-token': SECRETS[6]!,
        'x-team': 'visible-team',
      },
      defaultQuery: { 'api-key': SECRETS[9]!, 'api-version': 'preview' },
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent,
    });
    const views = [JSON.stringify(sora.config), inspect(sora, { depth: 10 }), inspect(sora.config, { depth: 10 })];
    for (const view of views) {
      for (const s of [...SECRETS, 'BEGIN PRIVATE KEY', 'static-key-0123456789']) expect(view).not.toContain(s);
      expect(view).toContain('visible-team'); // other headers stay visible
      expect(view).toContain('preview');
    }
    const json = JSON.parse(views[0]!) as Record<string, unknown>;
    expect(json['httpsAgent']).toBe('[https.Agent]');
    expect(json['httpAgent']).toBe('[http.Agent]');
    expect((json['defaultHeaders'] as Record<string, string>)['x-litellm-api-key']).toBe('[REDACTED]');
    // the live config still carries the real values (they are sent)
    expect(sora.config.defaultHeaders['x-litellm-api-key']).toBe(SECRETS[3]);
    expect(sora.config.httpsAgent).toBe(httpsAgent);
    httpsAgent.destroy();
  });
});
