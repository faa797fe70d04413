/**
 * Shared pieces of the hostile-server tests: a client with short, jitter-free retries on a loopback server, a way
 * to run an Observable to its end, and a server that writes a body without end (until the client goes away).
 */
import type http from 'node:http';
import { firstValueFrom, lastValueFrom, toArray, type Observable } from 'rxjs';
import { createSoraClient } from '../../../src/client.js';
import type { SoraClient } from '../../../src/client-types.js';
import type { SoraClientOptions } from '../../../src/config/options.js';
import { SECRET } from '../helpers.js';

export { SECRET };

/** A client on `baseURL`: the test key, no logs, 2 retries of 5 ms, no jitter. */
export function hostileClient(baseURL: string, options: SoraClientOptions = {}): SoraClient {
  return createSoraClient({
    apiKey: SECRET,
    baseURL,
    logLevel: 'silent',
    maxRetries: 2,
    timeoutMs: 5_000,
    retry: { initialDelayMs: 5, multiplier: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 },
    random: () => 1,
    ...options,
  });
}

/** The error the Observable ends with (fails the test when it emits its last value instead). */
export async function failureOf(source: Observable<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    const values = await lastValueFrom(source.pipe(toArray()));
    throw new Error(`expected an error, got ${JSON.stringify(values).slice(0, 300)}`);
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
}

/** The first value. */
export function first<T>(source: Observable<T>): Promise<T> {
  return firstValueFrom(source);
}

/**
 * Writes `chunk` again and again (with backpressure) until the client closes the connection, then resolves with
 * the bytes written. Bounded: gives up after `maxBytes` (the test fails on the missing error then).
 */
export function writeForever(res: http.ServerResponse, chunk: Buffer, maxBytes = 2 * 1024 ** 3): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      resolve(written);
    };
    res.on('close', finish);
    const pump = (): void => {
      while (!done && !res.destroyed) {
        if (written >= maxBytes) {
          res.end();
          return finish();
        }
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  });
}
