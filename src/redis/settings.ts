/**
 * The options every Redis-backed part takes, checked, with their defaults, and the key names
 * built from them. A key holds the prefix, the caller's `key` and a fixed suffix: never a token,
 * a credential or anything derived from one. The `{…}` hash tag keeps a part's keys in one slot,
 * so its scripts also work on a Redis Cluster.
 */
import { hasControlCharacter } from "../core/config.js";
import { SdkError } from "../core/errors.js";
import type { SdkEvent } from "../core/transport.js";

/** Options shared by the stores and the limiter of `bctt-cesce-sdk/redis`. */
export interface RedisPartOptions {
  /**
   * Names what is shared: every process using the same key shares it, e.g. the broker's UID
   * for a session. Never put a secret here: keys are visible to anyone who can list them.
   */
  key: string;
  /** Put before every key this SDK writes. @default "bctt-cesce-sdk:" */
  prefix?: string;
  /** How long any Redis command may take before Redis counts as down. @default 1000 */
  commandTimeoutMs?: number;
  /** How often to try Redis again while it is down. @default 1000 */
  probeIntervalMs?: number;
  /** Told when this part loses Redis and works alone, and when it is back on shared state. */
  onEvent?: (event: SdkEvent) => void;
}

/** Options of `redisSessionStore` and `redisTokenStore`. */
export interface RedisStoreOptions extends RedisPartOptions {
  /**
   * Encrypts the stored value with AES-256-GCM: 32 bytes, as a `Uint8Array` or as base64 or
   * hex text. Every process sharing the key needs the same one. @default stored as JSON
   */
  encryptionKey?: string | Uint8Array;
  /** How long a renewal lock lives without its holder extending it (a holder that died). @default 5000 */
  lockMs?: number;
  /** How long to wait for another process's renewal before giving up with an SdkError. @default 120000 */
  waitTimeoutMs?: number;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value))
    throw new SdkError(`${name} must be a positive number of milliseconds`);
  return value;
}

/** The shared options, checked, with defaults. */
export function partSettings(options: RedisPartOptions) {
  const { key, prefix = "bctt-cesce-sdk:" } = options ?? {};
  if (typeof key !== "string" || key === "" || hasControlCharacter(key) || /[{}]/.test(key))
    throw new SdkError("key must be a non-empty string without control characters or braces");
  if (typeof prefix !== "string" || hasControlCharacter(prefix))
    throw new SdkError("prefix must be a string without control characters");
  return {
    key,
    /** The part's keys: this, or this followed by a suffix. */
    base: `${prefix}{${key}}`,
    commandTimeoutMs: positive("commandTimeoutMs", options.commandTimeoutMs, 1000),
    probeIntervalMs: positive("probeIntervalMs", options.probeIntervalMs, 1000),
    onEvent: options.onEvent,
  };
}

/** A store's options, checked, with defaults. */
export function storeSettings(options: RedisStoreOptions) {
  const part = partSettings(options);
  return {
    ...part,
    valueKey: part.base,
    lockKey: `${part.base}:lock`,
    lockMs: positive("lockMs", options.lockMs, 5000),
    waitTimeoutMs: positive("waitTimeoutMs", options.waitTimeoutMs, 120_000),
  };
}
