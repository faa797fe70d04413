import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { requireBuild } from '../cli/helpers.js';
import { SECRET, signedHeaders, videoEventBody } from './helpers.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');
const BODY = videoEventBody();

// A program importing the built package, then verifying one webhook: standardwebhooks loads on the verification.
const PROGRAM = `
import { createRequire } from 'node:module';
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => /node_modules[\\\\/]standardwebhooks[\\\\/]/.test(k));
const { unwrapWebhook } = await import(${JSON.stringify(pathToFileURL(path.join(DIST, 'index.js')).href)});
const atImport = loaded();
const event = unwrapWebhook(${JSON.stringify(BODY)}, ${JSON.stringify(signedHeaders(SECRET, BODY))}, ${JSON.stringify(SECRET)});
process.stdout.write(JSON.stringify({ atImport, afterVerify: loaded(), type: event.type }));
`;

beforeAll(() => requireBuild());

it('importing sora-rx does not load standardwebhooks; the first verification does (and verifies)', async () => {
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--input-type=module', '-e', PROGRAM],
      { env: { PATH: process.env['PATH'] ?? '' }, timeout: 20_000 },
      (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
    ),
  );
  expect(JSON.parse(stdout)).toEqual({ atImport: false, afterVerify: true, type: 'video.completed' });
});
