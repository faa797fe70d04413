import { existsSync } from 'node:fs';
import { DEFAULT_REDIS_SERVER, type RedisServer, startRedisServer as start } from '../../src/testing/redis-server.js';

export type { RedisServer };

/** The Debian package's binary (`.ci/run` installs it when missing); `REDIS_SERVER` overrides it. */
export const REDIS_SERVER = process.env['REDIS_SERVER'] ?? DEFAULT_REDIS_SERVER;

/**
 * Whether the Redis tests can run. Where the binary is missing they are skipped with one line of explanation, except
 * under `CI=true`, where a missing Redis fails the run (CI must test the fleet).
 */
export function redisAvailable(): boolean {
  if (existsSync(REDIS_SERVER)) return true;
  if (process.env['CI'] === 'true') throw new Error(`${REDIS_SERVER} is missing (CI=true): install redis-server`);
  console.log(`skipping the Redis tests: ${REDIS_SERVER} is not installed (apt-get install redis-server)`);
  return false;
}

/** A real redis-server on a free loopback port (see `startRedisServer` in src/testing). */
export const startRedisServer = (): Promise<RedisServer> => start(REDIS_SERVER);
