/**
 * bctt-cesce-sdk/redis: fleet mode. A session, a token and a rate budget shared through Redis
 * by every process of an integration, over a node-redis or an ioredis client. The root export
 * holds no Redis code; this entry imports no Redis client either (it uses the one you pass).
 */

export type { IoRedisClient, NodeRedisClient, RedisClient } from "./connection.js";
export type { SharedLeaseStore } from "./lease-store.js";
export { type RedisRateLimiterOptions, redisRateLimiter } from "./rate-limiter.js";
export type { RedisPartOptions, RedisStoreOptions } from "./settings.js";
export { redisSessionStore, redisTokenStore } from "./stores.js";
