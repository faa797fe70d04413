import { readFileSync } from 'node:fs';

/**
 * The package version from `package.json`, read once at load: the nearest of `../package.json` and
 * `../../package.json` whose name is `sora-rx`. That is the package root from `src/util/` (tests), `dist/util/`
 * (the tsc output) and the bundled `dist/*.js`, `dist/chunks/*.js` and `dist/cli/main.js`, so no JSON import is
 * compiled in. Read with `node:fs` (already loaded by axios), not `createRequire`, which would pull in the CommonJS
 * loader at import.
 *
 * @example
 * ```ts
 * console.log(`sora-rx ${SDK_VERSION}`);
 * ```
 */
export const SDK_VERSION: string = readVersion();

function readVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'sora-rx' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there (or not JSON): try the next one
    }
  }
  return '0.0.0';
}

/** The `User-Agent` sora-rx sends: `sora-rx/<version> node/<version>`. */
export const USER_AGENT = `sora-rx/${SDK_VERSION} node/${process.versions.node}`;
