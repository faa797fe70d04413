// @ts-check
// Bundles the package's entry points (after `tsc` has written dist/) into a few files: one module per entry plus
// shared chunks in dist/chunks/, so `import('sora-rx')` reads 2-3 files instead of ~60. Dependencies stay external.
// The .d.ts files stay as tsc wrote them. Run by `npm run build`.
import { existsSync } from 'node:fs';

/** Entry name (path under dist/, without .js) for each entry that exists. dist/redis is optional (sora-rx/redis). */
const entries = ['index', 'testing/index', 'redis/index', 'cli/main'].filter((name) => existsSync(`dist/${name}.js`));

export default {
  input: Object.fromEntries(entries.map((name) => [name, `dist/${name}.js`])),
  platform: 'node',
  external: (/** @type {string} */ id) => !id.startsWith('.') && !id.startsWith('/'),
  output: {
    dir: 'dist',
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
};
