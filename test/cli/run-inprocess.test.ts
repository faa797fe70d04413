import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { startSoraEmulator, type SoraEmulator } from '../../src/testing/index.js';
import { fakeIo, tempDir } from './helpers.js';

const KEY = 'sk-inproc-0123456789';
let emulator: SoraEmulator;
const api = (...args: string[]): string[] => [...args, '--base-url', emulator.baseURL, '--api-key', KEY];
beforeAll(async () => {
  emulator = await startSoraEmulator({ queueMs: 30, renderMs: 300 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function generated(io = fakeIo()): Promise<string> {
  const dir = await tempDir();
  const code = await run(api('generate', 'a fox', '--out-dir', dir, '--poll-interval', '50', '--thumbnail'), io);
  expect(io.err()).not.toContain('error:');
  expect(code).toBe(0);
  return /video_[0-9a-f]+/.exec(io.out())![0];
}

it('generate, status, list, download, remix, delete in-process', async () => {
  const id = await generated();
  const status = fakeIo();
  expect(await run(api('status', id, '--json'), status)).toBe(0);
  expect(JSON.parse(status.out()).status).toBe('completed');
  const human = fakeIo();
  expect(await run(api('status', id), human)).toBe(0);
  expect(human.out()).toContain('completed');
  const list = fakeIo();
  expect(await run(api('list', '--json', '--order', 'asc'), list)).toBe(0);
  expect(JSON.parse(list.out().trim().split('\n')[0]!).id).toBe(id);
  const table = fakeIo();
  expect(await run(api('list'), table)).toBe(0);
  expect(table.out()).toContain(id);
  const dir = await tempDir();
  const dl = fakeIo();
  expect(await run(api('download', id, '--json', '--out', `${dir}/x.mp4`), dl)).toBe(0);
  expect(JSON.parse(dl.out())).toMatchObject({ id, variant: 'video', path: `${dir}/x.mp4` });
  const remix = fakeIo();
  expect(await run(api('remix', id, 'at night'), remix)).toBe(0);
  expect(remix.out()).toContain(`remix of ${id}`);
  const del = fakeIo();
  expect(await run(api('delete', id, '--json'), del)).toBe(0);
  expect(JSON.parse(del.out())).toMatchObject({ id, deleted: true });
});

it('watch prints JSON lines until completion, or plain progress lines', async () => {
  const create = await fetch(`${emulator.baseURL}/videos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'watch me' }),
  });
  const { id } = (await create.json()) as { id: string };
  const io = fakeIo();
  expect(await run(api('watch', id, '--json', '--poll-interval', '50'), io)).toBe(0);
  const lines = io.out().trim().split('\n');
  expect(JSON.parse(lines.at(-1)!).status).toBe('completed');
  const plain = fakeIo();
  expect(await run(api('watch', id), plain)).toBe(0);
  expect(plain.out()).toContain(`${id} completed`);
});

it('Ctrl-C during generate (no TTY) stops local work and leaves the job running', async () => {
  const io = fakeIo();
  const slow = await startSoraEmulator({ queueMs: 50, renderMs: 10_000 });
  try {
    const dir = await tempDir();
    const done = run(['generate', 'slow', '--out-dir', dir, '--base-url', slow.baseURL, '--api-key', KEY], io);
    while (!io.err().includes('in_progress')) await new Promise((r) => setTimeout(r, 20));
    io.signal('SIGINT');
    expect(await done).toBe(130);
    expect(io.err()).toContain('keeps running on the server');
    expect(slow.videos.list()[0]?.status).toBe('in_progress');
  } finally {
    await slow.close();
  }
});

it('--json errors are one JSON line on stderr; the key never shows', async () => {
  const io = fakeIo();
  expect(await run(api('status', 'video_missing', '--json', '--log-level', 'debug'), io)).toBe(1);
  const last = io.err().trim().split('\n').at(-1)!;
  expect(JSON.parse(last).error).toMatchObject({ name: 'NotFoundError', status: 404 });
  expect(io.out() + io.err()).not.toContain(KEY);
});

it('the embedded emulator with --trace prints a span tree; the emulator command runs until SIGINT', async () => {
  const io = fakeIo();
  const dir = await tempDir();
  expect(await run(['generate', 'traced', '--emulator', '--trace', '--out-dir', dir], io)).toBe(0);
  expect(io.err()).toContain('Using the embedded Sora emulator');
  expect(io.err()).toMatch(/sora\.generateVideo/);
  const emu = fakeIo();
  const running = run(['emulator', '--json'], emu);
  while (!emu.out().includes('baseURL')) await new Promise((r) => setTimeout(r, 10));
  const { baseURL } = JSON.parse(emu.out()) as { baseURL: string };
  expect((await fetch(`${baseURL}/videos`, { headers: { authorization: 'Bearer k' } })).status).toBe(200);
  expect((await fetch(`${baseURL}/videos`)).status).toBe(200); // keyless by default, like the client to loopback
  emu.signal('SIGINT');
  expect(await running).toBe(0);

  const keyed = fakeIo();
  const withKey = run(['emulator', '--json', '--api-key', 'sk-local-0123456789'], keyed);
  while (!keyed.out().includes('baseURL')) await new Promise((r) => setTimeout(r, 10));
  const started = JSON.parse(keyed.out()) as { baseURL: string; keyRequired: boolean };
  expect(started.keyRequired).toBe(true);
  const keyless = await fetch(`${started.baseURL}/videos`);
  expect(keyless.status).toBe(401);
  expect(((await keyless.json()) as { error: { message: string } }).error.message).toMatch(/emulator checks keys/);
  const auth = { authorization: 'Bearer sk-local-0123456789' };
  expect((await fetch(`${started.baseURL}/videos`, { headers: auth })).status).toBe(200);
  keyed.signal('SIGINT');
  expect(await withKey).toBe(0);
  expect(keyed.out() + keyed.err()).not.toContain('sk-local-0123456789');
  const azure = fakeIo();
  const azureRun = run(['emulator', '--json', '--dialect', 'azure'], azure);
  while (!azure.out().includes('baseURL')) await new Promise((r) => setTimeout(r, 10));
  const served = JSON.parse(azure.out()) as { baseURL: string; dialect: string };
  expect(served).toMatchObject({ dialect: 'azure', baseURL: expect.stringMatching(/\/openai\/v1$/) });
  expect((await fetch(`${served.baseURL}/videos`, { headers: { 'api-key': 'k' } })).status).toBe(200);
  azure.signal('SIGINT');
  expect(await azureRun).toBe(0);
  expect(await run(['emulator', '--dialect', 'sora3'], fakeIo())).toBe(2);
});

it('usage errors exit 2 in-process too', async () => {
  const io = fakeIo();
  expect(await run(['list', '--order', 'sideways'], io)).toBe(2);
  expect(io.err()).toContain("argument 'sideways' is invalid");
});

it('on a (fake) TTY: progress bar, Ctrl-C, the y/N prompt answered "n" keeps the job; --cancel-on-exit cancels', async () => {
  const slow = await startSoraEmulator({ queueMs: 50, renderMs: 10_000 });
  try {
    const dir = await tempDir();
    const args = ['generate', 'slow', '--out-dir', dir, '--base-url', slow.baseURL, '--api-key', KEY];
    const io = fakeIo({ NO_COLOR: '1' }, true);
    const asked = run([...args, '--poll-interval', '50'], io);
    while (!io.err().includes('in_progress')) await new Promise((r) => setTimeout(r, 20));
    io.signal('SIGINT');
    while (!io.err().includes('[y/N]')) await new Promise((r) => setTimeout(r, 20));
    io.stdin.write('n\n');
    expect(await asked).toBe(130);
    expect(io.err()).toMatch(/█|░/);
    expect(io.err()).toContain('keeps running on the server');
    const cancel = fakeIo({}, true);
    const cancelled = run([...args, '--cancel-on-exit', '--poll-interval', '50'], cancel);
    while (!cancel.err().includes('in_progress')) await new Promise((r) => setTimeout(r, 20));
    cancel.signal('SIGINT');
    cancel.signal('SIGINT');
    expect(cancel.exits).toEqual([130]);
    expect(await cancelled).toBe(130);
    expect(cancel.err()).toContain('Cancelled video_');
    expect(slow.videos.size).toBe(1);
  } finally {
    await slow.close();
  }
});
