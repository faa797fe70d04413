import { createRequire } from 'node:module';

/**
 * The package version from `package.json`, read once at load. `../../package.json` resolves to the package root
 * both from `src/util/` (tests) and from `dist/util/` (the build), so no JSON import is compiled in.
 */
export const SDK_VERSION: string = readVersion();

function readVersion(): string {
  try {
    const pkg = createRequire(import.meta.url)('../../package.json') as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The `User-Agent` sora-rx sends: `sora-rx/<version> node/<version>`. */
export const USER_AGENT = `sora-rx/${SDK_VERSION} node/${process.versions.node}`;
