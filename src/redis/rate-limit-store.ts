import type { Redis } from 'ioredis';
import { TokenBucket } from '../quota/token-bucket.js';
import type { Budget, RateLimitStore, TakeResult } from '../quota/types.js';
import type { LoggerLike } from '../telemetry/logger-like.js';
import { PAUSE_SCRIPT, REPORT_SCRIPT, TAKE_SCRIPT } from './scripts.js';
import { scriptRunner } from './script-runner.js';

/** Options of {@link redisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /**
   * Key prefix: every process using the same prefix (and Redis) shares one budget. The keys are `{prefix}:bucket`,
   * `{prefix}:pause` and `{prefix}:day` (one hash tag, so one cluster slot). @default 'sora-rx:rate'
   */
  prefix?: string;
  /**
   * How many processes share the budget. While Redis is unreachable each process goes on alone with
   * `1 / fleetSize` of the budget (rate, burst and day limit), so the fleet as a whole stays within it. @default 1
   */
  fleetSize?: number;
  /** A Redis call that takes longer counts as unreachable (the request goes on with the local share). @default 500 */
  commandTimeoutMs?: number;
  /** After a failed call, Redis is not asked again for this long. @default 1000 */
  retryAfterFailureMs?: number;
  /** Where "Redis unreachable" is reported. @default the client's logger */
  logger?: LoggerLike;
}

/**
 * A {@link RateLimitStore} in Redis (`ioredis`): every process using the same `prefix` draws from one budget, each
 * take an atomic Lua script on the Redis clock (a token bucket with a priority reserve and a day window, the same sums
 * as the local store); a 429's pause is one key with a PX expiry, so it pauses the whole fleet. When Redis is
 * unreachable (not `ready`, an error, or no answer within `commandTimeoutMs`), requests are never lost or held: the
 * process warns once per outage and takes from a local bucket with `1 / fleetSize` of the budget until Redis answers
 * again. The caller keeps ownership of `redis` (the store never closes it).
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { redisRateLimitStore } from 'sora-rx/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const sora = createSoraClient({
 *   rateLimit: { requestsPerMinute: 25, store: redisRateLimitStore(redis, { prefix: 'sora:team-a', fleetSize: 4 }) },
 * });
 * ```
 */
export function redisRateLimitStore(redis: Redis, options: RedisRateLimitStoreOptions = {}): RateLimitStore {
  const prefix = options.prefix ?? 'sora-rx:rate';
  const fleetSize = options.fleetSize ?? 1;
  if (!Number.isInteger(fleetSize) || fleetSize < 1) throw new RangeError('fleetSize must be a positive integer');
  const timeoutMs = options.commandTimeoutMs ?? 500;
  const quietMs = options.retryAfterFailureMs ?? 1000;
  // One hash tag for the three keys: a script's keys must live in one slot on a Redis Cluster.
  const keys = [`{${prefix}}:bucket`, `{${prefix}}:pause`, `{${prefix}}:day`];
  const take = scriptRunner(redis, TAKE_SCRIPT, 3);
  const pause = scriptRunner(redis, PAUSE_SCRIPT, 2);
  const report = scriptRunner(redis, REPORT_SCRIPT, 1);
  const local = new TokenBucket();
  // The local share starts empty when an outage begins (the shared budget may be spent), on the caller's clock.
  const health = new RedisHealth(redis, fleetSize, quietMs, options.logger, (now) => local.drain(now));

  return {
    async take({ priority, budget, now, logger }): Promise<TakeResult> {
      if (health.usable(logger, now)) {
        try {
          const need = priority === 'low' ? 1 + budget.reserve : 1;
          const args = [rate(budget), String(budget.burst), String(need), String(budget.perDay ?? 0), idleMs(budget)];
          const reply = await take(keys, [...args, String(health.recovering ? 0 : budget.burst)], timeoutMs);
          health.succeeded(logger, true);
          return parseTake(reply);
        } catch (error) {
          health.failed(error, logger, now);
        }
      }
      return local.take(priority, shareOf(budget, fleetSize), now);
    },
    async pause({ forMs, budget, now, logger }): Promise<void> {
      local.pause(forMs, now); // also locally: it must hold even if Redis goes away now
      if (!health.usable(logger, now)) return;
      try {
        await pause(keys.slice(0, 2), [String(forMs), idleMs(budget, forMs)], timeoutMs);
        health.succeeded(logger);
      } catch (error) {
        health.failed(error, logger, now);
      }
    },
    async reportRemaining({ remaining, seq, budget, now, logger }): Promise<void> {
      if (!health.usable(logger, now)) return local.reportRemaining(remaining, seq, shareOf(budget, fleetSize), now);
      try {
        await report(keys.slice(0, 1), [String(remaining), String(seq), rate(budget), String(budget.burst)], timeoutMs);
        health.succeeded(logger);
      } catch (error) {
        health.failed(error, logger, now);
      }
    },
  };
}

/** Whether Redis is worth asking, and the one warning per outage. */
class RedisHealth {
  private downSince: number | undefined;
  private quietUntil = 0;
  /** Set by an outage, cleared by the first take Redis answers: a bucket Redis lost then starts empty. */
  recovering = false;

  constructor(
    private readonly redis: Redis,
    private readonly fleetSize: number,
    private readonly quietMs: number,
    private readonly logger: LoggerLike | undefined,
    private readonly onOutage: (now: number) => void,
  ) {}

  /**
   * Whether to ask Redis now; a connection that is not up counts as a failure (and warns, once per outage). `now` is
   * the caller's clock, for the local share an outage starts.
   */
  usable(fallback: LoggerLike, now: number): boolean {
    // ioredis queues commands while it (re)connects; a take must not wait for that.
    const status = this.redis.status;
    const starting = status === 'wait' || status === 'connect' || status === 'connecting';
    if (status !== 'ready' && !(starting && this.downSince === undefined)) {
      this.failed(new Error(`connection ${status}`), fallback, now);
      return false;
    }
    return Date.now() >= this.quietUntil;
  }

  /** Records a failure; the first of an outage warns and calls `onOutage` with the caller's `now`. */
  failed(error: unknown, fallback: LoggerLike, now: number): void {
    this.quietUntil = Date.now() + this.quietMs;
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.recovering = true;
    this.onOutage(now);
    (this.logger ?? fallback).warn(
      {
        err: { name: (error as Error | undefined)?.name, message: (error as Error | undefined)?.message },
        fleetSize: this.fleetSize,
      },
      `Redis rate-limit store unreachable; going on with a local share (1/${this.fleetSize}) of the budget`,
    );
  }

  succeeded(fallback: LoggerLike, took = false): void {
    if (took) this.recovering = false;
    if (this.downSince === undefined) return;
    const downMs = Date.now() - this.downSince;
    this.downSince = undefined;
    (this.logger ?? fallback).info({ downMs }, 'Redis rate-limit store reachable again; sharing the budget');
  }
}

function rate(budget: Budget): string {
  return Number.isFinite(budget.ratePerMs) ? String(budget.ratePerMs) : '-1';
}

/** The bucket hash outlives a full refill by a minute, then expires (an idle prefix leaves nothing behind). */
function idleMs(budget: Budget, pauseMs = 0): string {
  const refillMs = Number.isFinite(budget.ratePerMs) ? budget.burst / budget.ratePerMs : 0;
  return String(Math.ceil(refillMs + pauseMs) + 60_000);
}

/** This process's share of the budget while Redis is away. */
function shareOf(budget: Budget, fleetSize: number): Budget {
  if (fleetSize === 1) return budget;
  const burst = Math.max(1, Math.floor(budget.burst / fleetSize));
  return {
    ratePerMs: budget.ratePerMs / fleetSize,
    burst,
    reserve: Math.min(Math.floor(budget.reserve / fleetSize), burst - 1),
    perDay: budget.perDay === undefined ? undefined : Math.max(1, Math.floor(budget.perDay / fleetSize)),
  };
}

function parseTake(reply: unknown): TakeResult {
  if (!Array.isArray(reply) || reply.length < 2) throw new Error('unexpected reply from the take script');
  const [granted, value] = reply.map(Number) as [number, number];
  if (!Number.isFinite(value)) throw new Error('unexpected reply from the take script');
  return granted === 1 ? { granted: true, seq: value } : { granted: false, waitMs: value };
}
