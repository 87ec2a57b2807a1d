/**
 * A rate limiter shared through Redis by every process using the same key: all windows are
 * checked and a slot taken in one atomic script, on Redis's clock. Each process queues its own
 * callers and asks Redis for as many slots as it has waiters, under one ticket in a queue shared
 * by all processes, so they are served in arrival order. A slot is held until its call ends.
 *
 * While Redis is down the process limits itself to a share of every window, counting the slots
 * it used before; when Redis returns it hands those slots over, so they still count there.
 */
import { randomBytes } from "node:crypto";
import { SdkError } from "../core/errors.js";
import { createRateLedger } from "../core/rate-ledger.js";
import { type RateLimiter, type RateWindow, rateWindows } from "../core/rate-limit.js";
import { createWaitQueue, type Serve } from "../core/wait-queue.js";
import { connect, type RedisClient } from "./connection.js";
import { createHealth } from "./health.js";
import { acquireScript, handOverScript, leaveScript, releaseScript } from "./limiter-scripts.js";
import { partSettings, type RedisPartOptions } from "./settings.js";
import { createWake } from "./wake.js";

/** Options of `redisRateLimiter`. */
export interface RedisRateLimiterOptions extends RedisPartOptions {
  /** Every window is enforced at once, fleet-wide. @default 100 a minute and 1000 an hour */
  windows?: readonly RateWindow[];
  /** A slot whose holder never releases it (a process that died) ends after this long. @default 120000 */
  maxHoldMs?: number;
  /**
   * The share of every window one process uses while Redis is down (at least one request per
   * window). @default 1 / the number of limiters that used the key within the longest window,
   * as Redis last said (1/4 before Redis has answered once)
   */
  fallbackShare?: number;
}

/** How long a waiting ticket lives without asking again, and the longest pause between asks. */
const ticketTtlMs = 5000;
const pollCapMs = 250;

/**
 * Creates a limiter shared by every process that uses `key` on the same Redis.
 *
 * @example
 * const rateLimit = redisRateLimiter(redis, { key: "portal:broker-42" });
 * const client = createPartnersPortalClient({ credentials, rateLimit });
 */
export function redisRateLimiter(
  redis: RedisClient,
  options: RedisRateLimiterOptions,
): RateLimiter {
  const settings = partSettings(options);
  const windows = rateWindows({ windows: options.windows });
  const { maxHoldMs = 120_000, fallbackShare } = options;
  if (!(maxHoldMs > 0) || !Number.isFinite(maxHoldMs))
    throw new SdkError("maxHoldMs must be a positive number of milliseconds");
  if (fallbackShare !== undefined && !(fallbackShare > 0 && fallbackShare <= 1))
    throw new SdkError("fallbackShare must be more than 0 and at most 1");
  const connection = connect(redis, settings.commandTimeoutMs);
  const keys = ["slots", "queue", "alive", "seq", "instances"].map((k) => `${settings.base}:${k}`);
  const [slotsKey] = keys as [string];
  const instance = randomBytes(8).toString("hex");
  const now = () => performance.now();
  const ledger = createRateLedger(windows, maxHoldMs);
  const wake = createWake();
  const waiters = createWaitQueue((why) => {
    if (why === "left") wake.wake(); // the loop may have nobody left to ask for
    void pump();
  });
  let seen = 0;
  let offset = 0;
  let tickets = 0;
  let ticket = `${instance}:${++tickets}`;
  let queued = false;
  let pumping = false;

  async function handOver(): Promise<void> {
    const counted = ledger.counted(now()).flatMap(({ id, end }) => [id, end]);
    if (counted.length > 0) await connection.run(handOverScript, [slotsKey], [offset, ...counted]);
  }
  const health = createHealth({ connection, part: "rate-limit", ...settings, onRestore: handOver });
  const share = () => fallbackShare ?? 1 / (seen || 4);
  const aloneWindows = () =>
    windows.map(({ requests, perMs }) => ({
      requests: Math.max(1, Math.floor(requests * share())),
      perMs,
    }));

  function grant(serve: Serve, id: string): void {
    const slot = ledger.take(now(), id);
    let released = false;
    serve(() => {
      if (released) return;
      released = true;
      ledger.release(slot, now());
      wake.wake();
      if (health.available)
        connection.run(releaseScript, [slotsKey], [id]).catch((error) => health.lost(error));
    });
  }

  /** One ask for as many slots as there are waiters; resolves how long to pause (0: granted). */
  async function askRedis(): Promise<number> {
    const limits = windows.flatMap((w) => [w.requests, w.perMs]);
    const args = [ticket, instance, waiters.length, maxHoldMs, ticketTtlMs, ...limits];
    const reply = (await connection.run(acquireScript, keys, args)) as unknown[];
    const [granted = 0, redisNow = 0, limiters = 1, hintMs = 0] = reply.map(Number);
    offset = redisNow - now();
    seen = limiters;
    queued = granted === 0;
    if (queued) return Math.min(Math.max(hintMs, 1), pollCapMs);
    const ids = Array.from({ length: granted }, (_, i) => `${ticket}:${i + 1}`);
    ticket = `${instance}:${++tickets}`;
    const unused = ids.filter((id) => {
      const serve = waiters.shift();
      if (serve) grant(serve, id);
      return !serve;
    });
    // Callers that gave up while Redis answered: their slots were never used.
    if (unused.length > 0) await connection.run(leaveScript, keys.slice(0, 3), ["", ...unused]);
    return 0;
  }

  function serveAlone(): number {
    const waitMs = ledger.waitMs(now(), aloneWindows());
    if (waitMs > 0) return Math.min(waitMs, settings.probeIntervalMs);
    grant(waiters.shift() as Serve, `${instance}:alone:${++tickets}`);
    return 0;
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (waiters.length > 0) {
        const pauseMs = health.available ? await health.run(askRedis, () => 0) : serveAlone();
        if (pauseMs > 0) await wake.pause(pauseMs);
      }
      if (queued && health.available) {
        queued = false;
        const left = ticket;
        ticket = `${instance}:${++tickets}`;
        await connection.run(leaveScript, keys.slice(0, 3), [left]).catch(() => undefined);
      }
    } finally {
      pumping = false;
    }
    if (waiters.length > 0) void pump();
  }

  return { acquire: (signal) => waiters.join(signal) };
}
