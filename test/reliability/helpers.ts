/**
 * Shared pieces of the reliability suite: a seeded random source, temp dirs, forced GC, the fake secret,
 * and a client factory with short retry delays against a local emulator.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createSoraClient } from '../../src/client.js';
import type { SoraClient } from '../../src/client-types.js';
import type { SoraClientOptions } from '../../src/config/options.js';

/** The fake key the secrets checks look for. */
export const SECRET = 'sk-reliability-SECRET-0123456789';

/** Mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function pick(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** A fresh temp dir and a remover. */
export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `sora-rx-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** File names in `dir`. */
export function listDir(dir: string): Promise<string[]> {
  return readdir(dir);
}

let gcFn: (() => void) | undefined;

/** A real `gc()` inside a vitest fork (no `--expose-gc` needed): the v8 flag plus a fresh context. */
export function forceGc(): void {
  if (!gcFn) {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
}

/** Retry tuning that keeps a chaotic run short. */
export const FAST_RETRY = { initialDelayMs: 5, multiplier: 2, maxDelayMs: 50, maxRetryAfterMs: 5_000 } as const;

/** A client on `baseURL` with short retries and no logs unless `options` says otherwise. */
export function fastClient(baseURL: string, options: SoraClientOptions = {}): SoraClient {
  return createSoraClient({
    apiKey: SECRET,
    baseURL,
    logLevel: 'silent',
    maxRetries: 4,
    timeoutMs: 2_000,
    retry: FAST_RETRY,
    ...options,
  });
}

/** Resolves after `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Counts per value. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}
