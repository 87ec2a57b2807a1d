/**
 * A lease store in Redis: one session or token shared by every process using the same key, with
 * atomic compare-and-set/-delete (Lua) and a cross-process single flight for renewals. When
 * Redis is down it keeps working on the last value it saw (or one it obtains alone), and hands
 * that value over when Redis returns, so a restarted, empty Redis costs no new authentication.
 */
import { SdkError } from "../core/errors.js";
import type { LeaseStore } from "../core/lease.js";
import { sleep } from "../core/retry.js";
import { compareAndDeleteScript, compareAndSetScript } from "./compare-scripts.js";
import { connect, type RedisClient } from "./connection.js";
import { createHealth, type SharedPart } from "./health.js";
import { tryLock } from "./lock.js";
import { canonicalJson, createSeal } from "./seal.js";
import { type RedisStoreOptions, storeSettings } from "./settings.js";

/** A lease store with the atomic operations and the cross-process renewal a fleet needs. */
export interface SharedLeaseStore<T> extends LeaseStore<T> {
  compareAndSet(expected: T | undefined, next: T): Promise<boolean>;
  compareAndDelete(expected: T): Promise<boolean>;
  renewExclusively(options: {
    isFresh(value: T): boolean;
    renew(stale: T | undefined): Promise<T>;
    signal?: AbortSignal;
  }): Promise<T>;
}

/** The store behind `redisSessionStore` and `redisTokenStore`. */
export function redisLeaseStore<T>(
  redis: RedisClient,
  options: RedisStoreOptions,
  part: SharedPart,
): SharedLeaseStore<T> {
  const settings = storeSettings(options);
  const { key, valueKey, lockKey } = settings;
  const connection = connect(redis, settings.commandTimeoutMs);
  const seal = createSeal<T>(valueKey, options.encryptionKey);
  const health = createHealth({ connection, part, ...settings });
  const same = (a: T | undefined, b: T | undefined) => canonicalJson(a) === canonicalJson(b);
  /** The last value seen or written: what this process works with while Redis is down. */
  let local: T | undefined;
  /** A value obtained or changed while Redis was down, not yet handed over. */
  let alone: T | undefined;

  async function readShared(): Promise<T | undefined> {
    const stored = await connection.command(["GET", valueKey]);
    const value = typeof stored === "string" ? seal.decode(stored) : undefined;
    if (value !== undefined) local = value;
    return value;
  }

  type Renewal = Parameters<SharedLeaseStore<T>["renewExclusively"]>[0];

  async function renewAlone({ isFresh, renew }: Renewal): Promise<T> {
    if (local !== undefined && isFresh(local)) return local;
    const next = await renew(local);
    local = alone = next;
    return next;
  }

  /** Under the lock: re-read, hand over or renew, write while the lock is still ours. */
  async function renewUnderLock(
    lock: NonNullable<Awaited<ReturnType<typeof tryLock>>>,
    renewal: Renewal,
  ) {
    try {
      const current = await readShared();
      if (current !== undefined && renewal.isFresh(current)) return current;
      const handedOver = alone !== undefined && renewal.isFresh(alone) ? alone : undefined;
      const next = handedOver ?? (await renewal.renew(current ?? local));
      local = next;
      // From here on `next` is never lost: a Redis failure keeps it in this process.
      let written: boolean;
      try {
        written = await lock.setIfHeld(valueKey, seal.encode(next));
      } catch (error) {
        health.lost(error);
        alone = next;
        return next;
      }
      if (written) alone = undefined;
      if (written) return next;
      // The lock lapsed (Redis stalled) and another process may have written meanwhile.
      const theirs = await readShared().catch(() => undefined);
      return theirs !== undefined && renewal.isFresh(theirs) ? theirs : next;
    } finally {
      await lock.release();
    }
  }

  async function renewShared(renewal: Renewal): Promise<T> {
    const deadline = Date.now() + settings.waitTimeoutMs;
    for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 250)) {
      const current = await readShared();
      if (current !== undefined && renewal.isFresh(current)) return current;
      const lock = await tryLock(connection, lockKey, settings.lockMs);
      if (lock) return renewUnderLock(lock, renewal);
      if (Date.now() + pauseMs > deadline)
        throw new SdkError(
          `Waited ${settings.waitTimeoutMs} ms for another process to renew the shared ${part} (key ${key})`,
        );
      await sleep(pauseMs, renewal.signal);
    }
  }

  return {
    get: () => health.run(readShared, () => local),
    async set(value) {
      local = value;
      await health.run(
        async () => {
          await connection.command(["SET", valueKey, seal.encode(value)]);
          alone = undefined;
        },
        () => {
          alone = value;
        },
      );
    },
    async delete() {
      local = alone = undefined;
      await health.run(
        async () => void (await connection.command(["DEL", valueKey])),
        () => undefined,
      );
    },
    compareAndSet: (expected, next) =>
      health.run(
        async () => {
          const digest = expected === undefined ? "" : seal.digest(expected);
          const stored = await connection.run(
            compareAndSetScript,
            [valueKey],
            [digest, seal.encode(next)],
          );
          if (stored === 1) local = next;
          return stored === 1;
        },
        () => {
          if (!same(local, expected)) return false;
          local = alone = next;
          return true;
        },
      ),
    compareAndDelete: (expected) =>
      health.run(
        async () => {
          const deleted = await connection.run(
            compareAndDeleteScript,
            [valueKey],
            [seal.digest(expected)],
          );
          if (deleted === 1 && same(local, expected)) local = undefined;
          return deleted === 1;
        },
        () => {
          if (local === undefined || !same(local, expected)) return false;
          local = alone = undefined;
          return true;
        },
      ),
    renewExclusively: (renewal) =>
      health.run(
        () => renewShared(renewal),
        () => renewAlone(renewal),
      ),
  };
}
