import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SdkError } from "../../src/core/errors.ts";
import type { RateLimiter, RateWindow } from "../../src/core/rate-limit.ts";
import type { SdkEvent } from "../../src/core/transport.ts";
import { redisRateLimiter } from "../../src/redis/index.ts";
import { maxInAnyWindow } from "../rate-windows.ts";
import {
  clientKinds,
  closeClient,
  connectEachTest,
  type RedisServer,
  startRedisServer,
} from "./redis-server.ts";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server?.stop());

const newKey = () => `limit-${randomBytes(4).toString("hex")}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `count` calls through `limiter`: each is "sent" right after its slot and takes `holdMs`. */
async function calls(limiter: RateLimiter, count: number, holdMs: number, sent: number[]) {
  await Promise.all(
    Array.from({ length: count }, async () => {
      const release = await limiter.acquire();
      sent.push(performance.now());
      await sleep(holdMs);
      release();
    }),
  );
}

describe.each(clientKinds)("redisRateLimiter over $kind", ({ open }) => {
  const connect = connectEachTest(() => open(server));

  it("keeps several limiters on one key within every window together", async () => {
    const key = newKey();
    const windows: RateWindow[] = [
      { requests: 4, perMs: 300 },
      { requests: 6, perMs: 1000 },
    ];
    const limiters = await Promise.all(
      [1, 2, 3].map(async () => redisRateLimiter(await connect(), { key, windows })),
    );
    const sent: number[] = [];
    const started = performance.now();
    await Promise.all(limiters.map((limiter) => calls(limiter, 5, 30, sent)));
    expect(sent).toHaveLength(15);
    for (const w of windows) expect(maxInAnyWindow(sent, w.perMs)).toBeLessThanOrEqual(w.requests);
    // 6 in the first second, 6 in the next, then 3: the last goes about 2 s in.
    expect(performance.now() - started).toBeGreaterThan(2000);
  });

  it("serves another process's waiter before this one's later callers", async () => {
    const key = newKey();
    const windows = [{ requests: 2, perMs: 500 }];
    const busy = redisRateLimiter(await connect(), { key, windows });
    const other = redisRateLimiter(await connect(), { key, windows });
    const order: string[] = [];
    const take = async (limiter: RateLimiter, name: string) => {
      const release = await limiter.acquire();
      order.push(name);
      release();
    };
    const many = Array.from({ length: 10 }, () => take(busy, "busy"));
    await sleep(50);
    await Promise.all([...many, take(other, "other")]);
    // Arrival order per call would put it last (index 10); taking turns per process, it goes in
    // the third round of two (the second is already promised to the busy process's next ticket).
    expect(order.indexOf("other")).toBeLessThanOrEqual(5);
  });

  it("rejects a waiter with its signal's reason at once and leaves the shared queue", async () => {
    const key = newKey();
    const client = await connect();
    const limiter = redisRateLimiter(client, { key, windows: [{ requests: 1, perMs: 10_000 }] });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    await sleep(50);
    const reason = new Error("caller gave up");
    const abortedAt = performance.now();
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(performance.now() - abortedAt).toBeLessThan(20);
    await sleep(300);
    expect(await raw(client, ["ZCARD", `bctt-cesce-sdk:{${key}}:queue`])).toBe(0);
  });

  it("ends the slots of a holder that never releases them after maxHoldMs", async () => {
    const key = newKey();
    const windows = [{ requests: 2, perMs: 100 }];
    const dead = redisRateLimiter(await connect(), { key, windows, maxHoldMs: 400 });
    await dead.acquire();
    await dead.acquire();
    const started = performance.now();
    const release = await redisRateLimiter(await connect(), { key, windows }).acquire();
    release();
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });
});

describe("redisRateLimiter options", () => {
  it.each([
    [{ key: "k", windows: [] }, "window"],
    [{ key: "k", maxHoldMs: 0 }, "maxHoldMs"],
    [{ key: "k", fallbackShare: 0 }, "fallbackShare"],
    [{ key: "k", fallbackShare: 1.5 }, "fallbackShare"],
    [{ key: "a{b}" }, "key"],
  ])("refuses %j with an SdkError naming %s", (options, name) => {
    const fakeClient = { call: async () => null, status: "ready" };
    expect(() => redisRateLimiter(fakeClient, options)).toThrow(SdkError);
    expect(() => redisRateLimiter(fakeClient, options)).toThrow(new RegExp(name));
  });
});

describe("redisRateLimiter when Redis is down", () => {
  it("limits itself to its share alone, says so, and hands its slots over when Redis returns", async () => {
    const outage = await startRedisServer();
    const client = await clientKinds[1].open(outage);
    const events: SdkEvent[] = [];
    const key = newKey();
    const windows = [{ requests: 4, perMs: 1500 }];
    const options = { key, windows, fallbackShare: 0.5, probeIntervalMs: 100 };
    const limiter = redisRateLimiter(client, { ...options, onEvent: (e) => events.push(e) });
    try {
      (await limiter.acquire())();
      await outage.kill();
      const sent: number[] = [];
      const started = performance.now();
      await calls(limiter, 3, 10, sent);
      expect(events).toEqual([expect.objectContaining({ part: "rate-limit", available: false })]);
      // Alone: 2 per 1.5 s, and the slot taken before the outage counts among them.
      const offsets = sent.map((t) => t - started);
      expect(offsets[0]).toBeLessThan(100);
      for (const later of offsets.slice(1)) {
        expect(later).toBeGreaterThan(1400);
        expect(later).toBeLessThan(1700);
      }
      await outage.start();
      while (events.length < 2) await sleep(20);
      expect(events[1]).toMatchObject({ part: "rate-limit", available: true });
      // The two slots used alone within the last window count in Redis now.
      const slots = await raw(client, ["ZRANGE", `bctt-cesce-sdk:{${key}}:slots`, "0", "-1"]);
      expect(slots).toEqual([
        expect.stringContaining(":alone:"),
        expect.stringContaining(":alone:"),
      ]);
    } finally {
      closeClient(client);
      await outage.stop();
    }
  });
});

function raw(client: unknown, args: string[]): Promise<unknown> {
  const c = client as {
    sendCommand?(a: string[]): Promise<unknown>;
    call?(...a: string[]): Promise<unknown>;
  };
  return c.call ? c.call(...args) : (c.sendCommand as (a: string[]) => Promise<unknown>)(args);
}
