/**
 * sora-rx/redis: the fleet-wide request budget and webhook events over Redis (`ioredis`, an optional peer
 * dependency of this subpath only).
 */
export { redisRateLimitStore, type RedisRateLimitStoreOptions } from './rate-limit-store.js';
export { redisWebhookEvents, publishWebhookEvent, type RedisWebhookChannelOptions } from './webhook-events.js';
export { isVideoWebhookEvent, type VideoWebhookEvent } from './webhook-event.js';
