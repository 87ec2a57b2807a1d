/**
 * The session and token stores of `bctt-cesce-sdk/redis`: pass one as `sessionStore` or
 * `tokenStore`, with the same `key` in every process, and the fleet authenticates once.
 */
import type { StoredToken } from "../cesce/token-response.js";
import type { StoredSession } from "../partners-portal/session.js";
import type { RedisClient } from "./connection.js";
import { redisLeaseStore, type SharedLeaseStore } from "./lease-store.js";
import type { RedisStoreOptions } from "./settings.js";

/**
 * A Partners Portal session shared through Redis by every process using `key`. One process
 * authenticates (under a short lock); the others wait for the session it writes.
 *
 * @example
 * const redis = await createClient({ url }).connect();
 * const client = createPartnersPortalClient({
 *   credentials,
 *   sessionStore: redisSessionStore(redis, { key: "portal:broker-42", encryptionKey }),
 * });
 */
export function redisSessionStore(
  redis: RedisClient,
  options: RedisStoreOptions,
): SharedLeaseStore<StoredSession> {
  return redisLeaseStore<StoredSession>(redis, options, "session");
}

/**
 * A CESCE access token (with its refresh token) shared through Redis by every process using
 * `key`: one password grant for the fleet, and each refresh made once for all.
 *
 * @example
 * const cesce = createCesceClient({
 *   credentials,
 *   tokenStore: redisTokenStore(redis, { key: "cesce:broker-42", encryptionKey }),
 * });
 */
export function redisTokenStore(
  redis: RedisClient,
  options: RedisStoreOptions,
): SharedLeaseStore<StoredToken> {
  return redisLeaseStore<StoredToken>(redis, options, "token");
}
