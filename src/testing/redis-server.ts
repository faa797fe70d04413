import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Where Debian's `redis-server` package puts the binary.
 *
 * @example
 * ```ts
 * if (!existsSync(DEFAULT_REDIS_SERVER)) console.log('skipping: no redis-server');
 * ```
 */
export const DEFAULT_REDIS_SERVER = '/usr/bin/redis-server';

/**
 * A real `redis-server` on a free loopback port, persistence off, from {@link startRedisServer}.
 *
 * @example
 * ```ts
 * const server = await startRedisServer();
 * const redis = new Redis(server.port, '127.0.0.1');
 * await server.stop();
 * ```
 */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 2 s) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops and starts it again on the same port: every key is gone (no persistence). */
  restart(): Promise<void>;
}

/**
 * Starts `redis-server --port <free> --bind 127.0.0.1 --save '' --appendonly no` (nothing written to disk) and waits
 * until it accepts connections (at most 5 s), for tests of code that shares a budget or events through Redis. Stop it
 * with `stop()`; `restart()` simulates a Redis restart (every key gone, same port).
 *
 * @example
 * ```ts
 * const server = await startRedisServer();
 * const store = redisRateLimitStore(new Redis(server.port, '127.0.0.1'), { prefix: 'test' });
 * ```
 */
export async function startRedisServer(binary: string = DEFAULT_REDIS_SERVER): Promise<RedisServer> {
  const port = await freePort();
  const launch = (): Promise<ChildProcess> => launchRedis(binary, port);
  let child = await launch();
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => stop(child),
    restart: async () => {
      await stop(child);
      child = await launch();
    },
  };
  return server;
}

function launchRedis(binary: string, port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within 5 s:\n${output}`));
    }, 5000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
