import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SDK_VERSION, USER_AGENT } from '../../src/util/version.js';

describe('version', () => {
  it('reads package.json', () => {
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
    expect(USER_AGENT).toBe(`sora-rx/${pkg.version} node/${process.versions.node}`);
  });
});
