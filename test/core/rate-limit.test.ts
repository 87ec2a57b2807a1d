import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SdkError } from "../../src/core/errors.ts";
import {
  createRateLimiter,
  type RateLimiter,
  type RateWindow,
  rateWindows,
} from "../../src/core/rate-limit.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, scriptedFetch, taxonomyServer, until } from "../helpers.ts";
import { maxInAnyWindow } from "../rate-windows.ts";

const baseUrl = "http://127.0.0.1:9";

/** Starts `count` acquisitions and records when each one is granted (fake time). */
function race(limiter: RateLimiter, count: number, signal?: AbortSignal) {
  const granted: { index: number; at: number; release: () => void }[] = [];
  const calls = Array.from({ length: count }, (_, index) =>
    limiter.acquire(signal).then((release) => {
      granted.push({ index, at: Date.now(), release });
    }),
  );
  return { granted, calls };
}

describe("createRateLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets a burst of the window's size through at once, then waits a window after the first release", async () => {
    const limiter = createRateLimiter({ windows: [{ requests: 3, perMs: 1000 }] });
    const { granted } = race(limiter, 4);
    await until(() => granted.length === 3);
    vi.advanceTimersByTime(200);
    granted[0]?.release();
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted.map((g) => g.at)).toEqual([0, 0, 0, 1200]);
  });

  it("counts a held slot until it is released, however long that takes", async () => {
    const limiter = createRateLimiter({ windows: [{ requests: 1, perMs: 1000 }] });
    const { granted } = race(limiter, 2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(granted).toHaveLength(1);
    granted[0]?.release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(granted.map((g) => g.at)).toEqual([0, 11_000]);
  });

  it("enforces every window at once", async () => {
    const limiter = createRateLimiter({
      windows: [
        { requests: 2, perMs: 1000 },
        { requests: 3, perMs: 10_000 },
      ],
    });
    const { granted } = race(limiter, 5);
    await until(() => granted.length === 2);
    for (const g of granted) g.release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(granted).toHaveLength(3);
    granted[2]?.release();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(granted.map((g) => g.at)).toEqual([0, 0, 1000, 10_000, 10_000]);
  });

  it("serves waiters first come, first served", async () => {
    const limiter = createRateLimiter({ windows: [{ requests: 1, perMs: 100 }] });
    const { granted } = race(limiter, 6);
    for (let i = 0; i < 6; i++) {
      await until(() => granted.length === i + 1);
      granted[i]?.release();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(granted.map((g) => g.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("rejects a waiter with its signal's reason at once, and its place goes to the next", async () => {
    const limiter = createRateLimiter({ windows: [{ requests: 1, perMs: 1000 }] });
    const first = await limiter.acquire();
    const controller = new AbortController();
    const abandoned = limiter.acquire(controller.signal);
    const next = race(limiter, 1);
    const reason = new Error("caller gave up");
    controller.abort(reason);
    await expect(abandoned).rejects.toBe(reason);
    first();
    await vi.advanceTimersByTimeAsync(1000);
    expect(next.granted.map((g) => g.at)).toEqual([1000]);
  });

  it("rejects at once when the signal has already aborted", async () => {
    const limiter = createRateLimiter({ windows: [{ requests: 5, perMs: 1000 }] });
    const reason = new Error("already gone");
    await expect(limiter.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it("ends a slot that is never released after maxHoldMs", async () => {
    const limiter = createRateLimiter({ windows: [{ requests: 1, perMs: 1000 }], maxHoldMs: 5000 });
    const { granted } = race(limiter, 2);
    await vi.advanceTimersByTimeAsync(6000);
    expect(granted.map((g) => g.at)).toEqual([0, 6000]);
  });

  it("never lets the requests arriving at the API exceed a window (property)", async () => {
    const windows: RateWindow[] = [
      { requests: 3, perMs: 100 },
      { requests: 5, perMs: 400 },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(50), fc.nat(80), fc.nat(30)), { minLength: 1, maxLength: 25 }),
        async (calls) => {
          vi.setSystemTime(0);
          const limiter = createRateLimiter({ windows });
          const arrivals: number[] = [];
          const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
          const all = calls.map(async ([startMs, toArrivalMs, toEndMs]) => {
            await sleep(startMs);
            const release = await limiter.acquire();
            await sleep(toArrivalMs);
            arrivals.push(Date.now());
            await sleep(toEndMs);
            release();
          });
          await vi.runAllTimersAsync();
          await Promise.all(all);
          for (const w of windows)
            expect(maxInAnyWindow(arrivals, w.perMs)).toBeLessThanOrEqual(w.requests);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("rateWindows", () => {
  it("defaults to the documented 100 a minute and 1000 an hour", () => {
    expect(rateWindows()).toEqual([
      { requests: 100, perMs: 60_000 },
      { requests: 1000, perMs: 3_600_000 },
    ]);
  });

  it("reads the shorthand, each window only when given", () => {
    expect(rateWindows({ requestsPerMinute: 50 })).toEqual([{ requests: 50, perMs: 60_000 }]);
    expect(rateWindows({ requestsPerMinute: 50, requestsPerHour: 400 })).toEqual([
      { requests: 50, perMs: 60_000 },
      { requests: 400, perMs: 3_600_000 },
    ]);
  });

  it("rounds a fractional rate down, and spreads a rate below one over a longer period", () => {
    expect(rateWindows({ requestsPerMinute: 1.5 })).toEqual([{ requests: 1, perMs: 60_000 }]);
    expect(rateWindows({ requestsPerMinute: 0.5 })).toEqual([{ requests: 1, perMs: 120_000 }]);
  });

  it.each([
    { windows: [] },
    { windows: [{ requests: 0, perMs: 1000 }] },
    { windows: [{ requests: 1.5, perMs: 1000 }] },
    { windows: [{ requests: 1, perMs: -1 }] },
    { requestsPerMinute: Number.NaN },
  ])("refuses %j with an SdkError", (options) => {
    expect(() => createRateLimiter(options)).toThrow(SdkError);
  });
});

describe("rateLimit option", () => {
  it("lets a burst within the window through without waiting (Authenticate takes one slot)", async () => {
    const server = taxonomyServer();
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      taxonomyCacheTtlMs: 0,
      rateLimit: { requestsPerMinute: 100 },
    });
    const started = performance.now();
    // 99 calls and their one Authenticate: 100 requests sent, the whole window.
    await Promise.all(Array.from({ length: 99 }, () => client.GET("/v1/taxonomy/genders")));
    expect(server.to("/genders")).toHaveLength(99);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("holds a call's slot until its response is back, and frees it after a failure", async () => {
    const events: string[] = [];
    const limiter: RateLimiter = {
      async acquire() {
        events.push("acquire");
        return () => events.push("release");
      },
    };
    let fail = false;
    const server = scriptedFetch(async (request) => {
      if (new URL(request.url).pathname === "/v1/authentication") {
        events.push("authenticate");
        return Response.json({ sessionToken: "t" });
      }
      events.push("sent");
      if (fail) throw new TypeError("socket hang up");
      return Response.json([]);
    });
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      maxRetries: 0,
      taxonomyCacheTtlMs: 0,
      rateLimit: limiter,
    });
    await client.GET("/v1/taxonomy/genders");
    fail = true;
    await expect(client.GET("/v1/taxonomy/genders")).rejects.toThrow();
    expect(events).toEqual([
      ...["acquire", "authenticate", "release"],
      ...["acquire", "sent", "release"],
      ...["acquire", "sent", "release"],
    ]);
  });

  it("spends no slot on a taxonomy answered from the cache", async () => {
    let acquired = 0;
    const server = taxonomyServer();
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      rateLimit: {
        acquire: async () => {
          acquired++;
          return () => undefined;
        },
      },
    });
    await client.GET("/v1/taxonomy/genders");
    await client.GET("/v1/taxonomy/genders");
    // Authenticate and the first call; the second is answered from the cache.
    expect(acquired).toBe(2);
    expect(server.to("/genders")).toHaveLength(1);
  });
});
