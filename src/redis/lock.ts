/**
 * A short exclusive lock shared by every process: `SET key token NX PX ms`, released by a
 * compare-and-delete so a holder never frees a lock that expired and went to someone else.
 * While held, it is extended every third of its lifetime, so a slow authentication keeps it and
 * a holder that dies loses it within `lockMs`.
 */

import { randomBytes } from "node:crypto";
import { type RedisConnection, script } from "./connection.js";

const releaseScript = script(
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
);
const extendScript = script(
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0",
);
const setIfHeldScript = script(
  "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2]) return 1 end return 0",
);

export interface HeldLock {
  /** Writes `stored` at `valueKey` only while this lock is still held: the fence for a writer whose lock lapsed. */
  setIfHeld(valueKey: string, stored: string): Promise<boolean>;
  /** Releases the lock if still held; never throws (an unreleased lock expires on its own). */
  release(): Promise<void>;
}

/** Takes the lock at `lockKey` for `lockMs`, or resolves undefined when another process holds it. */
export async function tryLock(
  connection: RedisConnection,
  lockKey: string,
  lockMs: number,
): Promise<HeldLock | undefined> {
  const token = randomBytes(16).toString("hex");
  const taken = await connection.command(["SET", lockKey, token, "NX", "PX", lockMs]);
  if (taken === null || taken === undefined) return undefined;
  const watchdog = setInterval(() => {
    connection.run(extendScript, [lockKey], [token, lockMs]).catch(() => undefined);
  }, lockMs / 3);
  watchdog.unref?.();
  return {
    async setIfHeld(valueKey, stored) {
      return (await connection.run(setIfHeldScript, [lockKey, valueKey], [token, stored])) === 1;
    },
    async release() {
      clearInterval(watchdog);
      await connection.run(releaseScript, [lockKey], [token]).catch(() => undefined);
    },
  };
}
