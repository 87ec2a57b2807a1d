/**
 * Where the receiver records which deliveries it has processed, so the bank's retries of a
 * notification reach the handler once. The memory store serves one process; a shared store
 * (Redis, `bctt-cesce-sdk/redis`) serves a fleet behind a load balancer.
 */
import { CallbackOptionsError } from "./errors.js";

/** What `claim` found for a delivery key. */
export type DeliveryClaim = "claimed" | "processed" | "in-progress";

/** What `peek` sees for a delivery key. `"unknown"`: never seen, failed, or its claim lapsed. */
export type DeliveryState = "processed" | "in-progress" | "unknown";

/**
 * A store of delivery keys. Every method must be atomic across all the processes sharing the
 * store; the receiver calls them in this order for one delivery:
 * `claim` → (handler runs) → `markProcessed` on success or `release` on failure.
 */
export interface DedupeStore {
  /**
   * Atomically: when the key is unknown (never seen, released, or its claim has lapsed), claim
   * it for this caller for the store's processing timeout and answer `"claimed"`; when it was
   * processed and is still remembered, `"processed"`; when another caller's claim is live,
   * `"in-progress"`.
   */
  claim(key: string): Promise<DeliveryClaim>;
  /** The claimed delivery was processed: remember the key for the store's TTL. */
  markProcessed(key: string): Promise<void>;
  /**
   * The claimed delivery failed: forget the claim, so the bank's retry is processed. A key
   * already marked processed stays processed.
   */
  release(key: string): Promise<void>;
  /** The key's state, read by a duplicate waiting for another process's attempt. */
  peek(key: string): Promise<DeliveryState>;
}

/** Options of `createMemoryDedupeStore`. */
export interface MemoryDedupeStoreOptions {
  /**
   * How many processed keys are kept; past it the oldest are forgotten first. Live claims are
   * never evicted (there are as many as deliveries in progress).
   * @default 10000
   */
  maxEntries?: number;
  /**
   * How long a processed key is remembered: retries arriving later are processed again.
   * @default 86400000 (24 hours)
   */
  ttlMs?: number;
  /**
   * How long a claim lives without `markProcessed` or `release` (a crashed process): after it
   * the delivery can be claimed again. Keep it above the handler's longest run.
   * @default 300000 (5 minutes)
   */
  processingTimeoutMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

interface Entry {
  state: "processed" | "in-progress";
  expiresAt: number;
}

/**
 * The default dedupe store: a `Map` in this process's memory, bounded in size and time. It does
 * not survive a restart and is not shared: a fleet needs a shared store.
 */
export function createMemoryDedupeStore(options: MemoryDedupeStoreOptions = {}): DedupeStore {
  const maxEntries = positive(options.maxEntries ?? 10_000, "maxEntries");
  const ttlMs = positive(options.ttlMs ?? 86_400_000, "ttlMs");
  const processingTimeoutMs = positive(
    options.processingTimeoutMs ?? 300_000,
    "processingTimeoutMs",
  );
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order and entries are re-inserted on every change, so the
  // oldest come first; processed entries share one TTL, so they also expire in that order.
  const entries = new Map<string, Entry>();
  let processedCount = 0;

  function remove(key: string, entry: Entry): void {
    entries.delete(key);
    if (entry.state === "processed") processedCount--;
  }

  function purge(): void {
    const time = now();
    for (const [key, entry] of entries) {
      const over = entry.state === "processed" && processedCount > maxEntries;
      if (entry.expiresAt <= time || over) remove(key, entry);
      else if (entry.state === "processed") break;
    }
  }

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      remove(key, entry);
      return undefined;
    }
    return entry;
  }

  function put(key: string, entry: Entry): void {
    const previous = entries.get(key);
    if (previous) remove(key, previous);
    entries.set(key, entry);
    if (entry.state === "processed") processedCount++;
    purge();
  }

  return {
    async claim(key) {
      const entry = live(key);
      if (entry) return entry.state === "processed" ? "processed" : "in-progress";
      put(key, { state: "in-progress", expiresAt: now() + processingTimeoutMs });
      return "claimed";
    },
    async markProcessed(key) {
      put(key, { state: "processed", expiresAt: now() + ttlMs });
    },
    async release(key) {
      const entry = entries.get(key);
      if (entry?.state === "in-progress") remove(key, entry);
    },
    async peek(key) {
      return live(key)?.state ?? "unknown";
    },
  };
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new CallbackOptionsError(`${name} must be a positive number`);
  }
  return value;
}
