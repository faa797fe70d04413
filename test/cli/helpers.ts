import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';

/** The built CLI (npm test builds before running tests). */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli/main.js');

/** Fails clearly when the CLI has not been built. */
export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does it first)`);
}

/** A minimal environment: no OPENAI_* variables unless given. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', ...extra };
}

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real binary with `args`. */
export function runBinary(args: string[], env: Record<string, string> = cleanEnv(), cwd?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh temporary directory. */
export function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'sora-cli-'));
}

/** Spawns the binary and collects its output (for tests that signal it). */
export function spawnBinary(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  return { child, output: () => text };
}

/** A fake {@link CliIo} for in-process runs: captured output, triggerable signals, recorded exits. */
export interface FakeIo extends CliIo {
  readonly stdin: PassThrough & { isTTY?: boolean };
  out(): string;
  err(): string;
  signal(name: 'SIGINT' | 'SIGTERM'): void;
  readonly exits: number[];
}

/** Builds a {@link FakeIo}; `tty` makes stdout/stderr/stdin look like a terminal. */
export function fakeIo(env: Record<string, string> = {}, tty = false): FakeIo {
  const capture = (): { stream: PassThrough & { isTTY?: boolean; columns?: number }; text: () => string } => {
    const stream: PassThrough & { isTTY?: boolean; columns?: number } = new PassThrough();
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString()));
    if (tty) Object.assign(stream, { isTTY: true, columns: 120 });
    return { stream, text: () => text };
  };
  const stdout = capture();
  const stderr = capture();
  const stdin: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (tty) stdin.isTTY = true;
  const handlers = new Map<string, Set<() => void>>();
  const exits: number[] = [];
  return {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin,
    env,
    exits,
    onSignal(signal, handler) {
      const set = handlers.get(signal) ?? new Set();
      set.add(handler);
      handlers.set(signal, set);
      return () => set.delete(handler);
    },
    exit: (code) => void exits.push(code),
    out: stdout.text,
    err: stderr.text,
    signal: (name) => [...(handlers.get(name) ?? [])].forEach((h) => h()),
  };
}
