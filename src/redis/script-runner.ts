import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Runs a Lua script by its SHA1 (`EVALSHA`), loading it with `EVAL` when the server does not know it yet (first use,
 * or after a Redis restart flushed the script cache), and gives up after `timeoutMs` (the caller falls back).
 *
 * @example
 * ```ts
 * const take = scriptRunner(redis, TAKE_SCRIPT, 3);
 * const reply = await take(['p:bucket', 'p:pause', 'p:day'], ['0.01', '10', '1', '0', '120000'], 500);
 * ```
 */
export function scriptRunner(
  redis: Redis,
  script: string,
  numKeys: number,
): (keys: readonly string[], args: readonly string[], timeoutMs: number) => Promise<unknown> {
  const sha = createHash('sha1').update(script).digest('hex');
  const run = async (keys: readonly string[], args: readonly string[]): Promise<unknown> => {
    try {
      return await redis.evalsha(sha, numKeys, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error | undefined)?.message).startsWith('NOSCRIPT')) throw error;
      return redis.eval(script, numKeys, ...keys, ...args);
    }
  };
  return (keys, args, timeoutMs) => withTimeout(run(keys, args), timeoutMs);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
