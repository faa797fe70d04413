/*
 * The Redis side of the fleet budget: the same token bucket as `TokenBucket` (src/quota/token-bucket.ts), kept in one
 * hash per prefix and changed only inside these scripts, so every take is atomic across processes. Time is the Redis
 * server's (`TIME`), so the fleet's clocks need not agree. Keys: KEYS[1] the bucket hash (tokens, ts, seq),
 * KEYS[2] the pause key (its PX expiry is the pause), KEYS[3] the day counter (PX expiry = the window's end).
 */

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Refills `tokens` from the hash at `now` (rate < 0 = unlimited); a missing hash starts at `initial`. */
const REFILL = `local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'seq')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if rate < 0 then
  tokens = burst
elseif tokens == nil or ts == nil then
  tokens = math.min(burst, initial)
else
  tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
end`;

/**
 * Take one permit. ARGV: rate per ms (-1 = unlimited), burst, tokens needed (1, or 1 + reserve for a low priority),
 * requests per day (0 = none), idle expiry of the hash in ms, tokens of a new bucket (the burst; 0 right after an
 * outage, when the server's own budget may be spent although Redis forgot it). Returns {1, seq} or {0, wait ms}.
 */
export const TAKE_SCRIPT = `${NOW}
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {0, paused} end
local perDay = tonumber(ARGV[4])
if perDay > 0 then
  local used = tonumber(redis.call('GET', KEYS[3]) or '0')
  if used >= perDay then
    local left = redis.call('PTTL', KEYS[3])
    if left < 1 then left = 1 end
    return {0, left}
  end
end
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local need = tonumber(ARGV[3])
local initial = tonumber(ARGV[6])
${REFILL}
if tokens < need then
  return {0, math.max(1, math.ceil((need - tokens) / rate - 0.000001))}
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if perDay > 0 and redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], 86400000) end
return {1, seq}`;

/** Pause every taker for ARGV[1] ms (never shortens a longer pause); the bucket restarts empty. */
export const PAUSE_SCRIPT = `${NOW}
local ms = math.ceil(tonumber(ARGV[1]))
if ms >= 1 and redis.call('PTTL', KEYS[2]) < ms then redis.call('SET', KEYS[2], '1', 'PX', ms) end
redis.call('HSET', KEYS[1], 'tokens', '0', 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/**
 * The server had ARGV[1] requests left when it answered take ARGV[2]: lower the bucket to that, minus the takes
 * granted since (never raise it). ARGV[3] rate, ARGV[4] burst.
 */
export const REPORT_SCRIPT = `${NOW}
local rate = tonumber(ARGV[3])
local burst = tonumber(ARGV[4])
local initial = burst
${REFILL}
local later = math.max(0, (tonumber(state[3]) or 0) - tonumber(ARGV[2]))
local left = math.max(0, tonumber(ARGV[1]) - later)
if left < tokens then redis.call('HSET', KEYS[1], 'tokens', tostring(left), 'ts', tostring(now)) end
return 1`;
