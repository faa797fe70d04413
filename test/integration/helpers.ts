import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSoraEmulator } from '../../src/emulator/index.js';
import type { EmulatorOptions, SoraEmulator } from '../../src/emulator/index.js';
import { createSoraClient } from '../../src/client.js';
import type { SoraClient } from '../../src/client-types.js';
import type { SoraClientOptions } from '../../src/config/options.js';
import { noopLogger, type LoggerLike } from '../../src/telemetry/logger-like.js';

/** A logger that records warn lines (message text) and drops the rest. */
export function captureLogger(): LoggerLike & { warnings: string[] } {
  const warnings: string[] = [];
  const logger: LoggerLike & { warnings: string[] } = {
    ...noopLogger,
    warnings,
    warn: (...args: unknown[]) => void warnings.push(String(typeof args[0] === 'string' ? args[0] : args[1])),
    child: () => logger,
  };
  return logger;
}

/** A fast emulator (jobs finish in about 0.3 s). */
export function startFastEmulator(options: EmulatorOptions = {}): Promise<SoraEmulator> {
  return startSoraEmulator({ queueMs: 60, renderMs: 240, ...options });
}

/** A client on the real runtime pointed at the emulator, with short backoffs. */
export function clientFor(emu: { baseURL: string }, options: SoraClientOptions = {}): SoraClient {
  return createSoraClient({
    apiKey: 'sk-test',
    baseURL: emu.baseURL,
    logger: captureLogger(),
    timeoutMs: 5000,
    retry: { initialDelayMs: 10, maxDelayMs: 40 },
    ...options,
  });
}

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sora-rx-'));
}

/** Names of files in `dir`. */
export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** Requests the emulator saw, as `METHOD /path`. */
export function seen(emu: SoraEmulator): string[] {
  return emu.requests.map((r) => `${r.method} ${r.path}`);
}

/** Waits until `predicate` holds (polls every 10 ms, up to `ms`). */
export async function until(predicate: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
