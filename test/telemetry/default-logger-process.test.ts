import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { requireBuild } from '../cli/helpers.js';
import { duplicateKeys } from '../helpers/json-keys.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');

// A program using the built package with the default logger: a retried request logs at `warn`.
const PROGRAM = `
import { createRequire } from 'node:module';
const pinoLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => /node_modules[\\\\/]pino[\\\\/]/.test(k));
const { createSoraClient } = await import(${JSON.stringify(pathToFileURL(path.join(DIST, 'index.js')).href)});
const { startSoraEmulator } = await import(${JSON.stringify(pathToFileURL(path.join(DIST, 'testing/index.js')).href)});
const emulator = await startSoraEmulator();
emulator.inject({ kind: 'status', method: 'GET', path: '/videos', status: 503, times: 1 });
const sora = createSoraClient({ baseURL: emulator.baseURL, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
const atCreate = pinoLoaded();
await sora.promises.listVideos();
process.stderr.write('MARK ' + JSON.stringify({ atCreate, afterLog: pinoLoaded() }) + '\\n');
sora.close();
await emulator.close();
`;

beforeAll(() => requireBuild());

it('the default logger writes its lines to stderr (stdout stays empty), loads pino on first use, no key twice', async () => {
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--input-type=module', '-e', PROGRAM],
      { env: { PATH: process.env['PATH'] ?? '' }, timeout: 20_000 },
      (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolve({ stdout: out, stderr: err }),
    ),
  );
  expect(stdout).toBe('');
  const lines = stderr.split('\n').filter((l) => l.startsWith('{'));
  expect(lines.length).toBeGreaterThanOrEqual(1);
  const retry = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(retry).toMatchObject({
    level: 40,
    name: 'sora-rx',
    operation: 'listVideos',
    msg: 'retrying request',
    status: 503,
  });
  for (const line of lines) expect(duplicateKeys(line), line).toEqual([]);
  const mark = /^MARK (.*)$/m.exec(stderr)?.[1];
  expect(JSON.parse(mark ?? 'null')).toEqual({ atCreate: false, afterLog: true });
});
