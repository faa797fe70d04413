import { describe, expect, it } from 'vitest';
import { buildUrl } from '../../src/transport/agent.js';
import { createUrlBuilder } from '../../src/transport/url-builder.js';
import { redactUrl } from '../../src/util/redact.js';

const bases = [
  'https://api.openai.com/v1',
  'http://127.0.0.1:4010/v1',
  'HTTPS://API.example.com:443/v1',
  'http://h/v1/',
];
const paths = [
  '/videos/video_1',
  '/videos/a%2Fb',
  '/videos/../x',
  '/videos/%2e%2E/x',
  'videos',
  '/v?token=sk-abcdefgh1',
  '/v#f',
  '//x',
];

describe('createUrlBuilder', () => {
  it.each(bases)('matches buildUrl / redactUrl / new URL for every path (base %s)', (base) => {
    const queries: Array<Record<string, string>> = [{}, { after: 'video_1' }];
    for (const query of queries) {
      const urls = createUrlBuilder(base, query);
      for (const path of paths) {
        expect(urls.full(path)).toBe(buildUrl(base, path, query, undefined));
        expect(urls.full(path, { limit: 5, x: undefined })).toBe(
          buildUrl(base, path, query, { limit: 5, x: undefined }),
        );
        expect(urls.redactedFull(path)).toBe(redactUrl(buildUrl(base, path, query, undefined)));
        let expected: string | Error;
        try {
          expected = redactUrl(new URL(base + path).toString());
        } catch (e) {
          expected = e as Error;
        }
        if (expected instanceof Error) expect(() => urls.redactedPath(path)).toThrow();
        else {
          expect(urls.redactedPath(path)).toBe(expected);
          const u = new URL(base + path);
          expect(urls.server(path)).toEqual({
            address: u.hostname,
            port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80,
          });
        }
      }
    }
  });

  it('redacts key-shaped secrets on the fast path', () => {
    expect(createUrlBuilder('https://h/v1', {}).redactedPath('/videos/sk-abcdefgh12345')).toBe(
      'https://h/v1/videos/[REDACTED]',
    );
  });
});
