/**
 * Fleet mode with real processes: four workers running the built SDK share one session, one
 * token and one rate budget through a real redis-server, two over node-redis and two over
 * ioredis, against a loopback API that counts authentications and timestamps every call.
 */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RateWindow } from "../../../src/core/rate-limit.ts";
import { idealSpanMs, maxInAnyWindow } from "../../rate-windows.ts";
import { type RedisServer, startRedisServer } from "../redis-server.ts";
import { type FleetApi, startFleetApi } from "./fleet-api.ts";
import {
  ensureBuilt,
  fourWorkers,
  startWorkers,
  type Worker,
  type WorkerConfig,
} from "./workers.ts";

let redis: RedisServer;
let api: FleetApi;
let workers: Worker[] = [];

beforeAll(async () => {
  ensureBuilt();
  redis = await startRedisServer();
}, 240_000);
afterAll(() => redis?.stop());
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.exit()));
  workers = [];
  await api?.server.close();
});

async function fleet(base: Omit<WorkerConfig, "id" | "client" | "redisPort" | "apiUrl" | "key">) {
  api = await startFleetApi();
  const key = `fleet-${randomBytes(4).toString("hex")}`;
  workers = await startWorkers(
    fourWorkers({ ...base, redisPort: redis.port, apiUrl: api.url, key }),
  );
  return workers;
}

const runAll = (phase: string, calls: number, spreadMs?: number) =>
  Promise.all(workers.map((w) => w.run(phase, calls, spreadMs)));

/** What the workers reported, for a failure message: their failures and shared-state events. */
const reported = (results: Awaited<ReturnType<typeof runAll>>) =>
  JSON.stringify(
    results.map(({ failures, events }) => ({ failures: failures.slice(0, 3), events })),
  );

/** Every call of `phase` answered exactly once by the API, and every worker saw only successes. */
function expectServedOnce(
  results: Awaited<ReturnType<typeof runAll>>,
  phase: string,
  calls: number,
) {
  for (const result of results)
    expect(result, JSON.stringify(result.events)).toMatchObject({ ok: calls, failures: [] });
  const ids = api.served.map((s) => s.callId).filter((id) => id.includes(`-${phase}-`));
  expect(ids).toHaveLength(workers.length * calls);
  expect(new Set(ids).size).toBe(ids.length);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a fleet of four worker processes", () => {
  it("authenticates once for 4 cold workers × 50 calls, and renews a lapsed session once", async () => {
    await fleet({ api: "portal" });
    const cold = await runAll("cold", 50);
    expectServedOnce(cold, "cold", 50);
    expect(api.counts.authentications, reported(cold)).toBe(1);
    api.lapseSessions();
    const lapsed = await runAll("lapsed", 50);
    expectServedOnce(lapsed, "lapsed", 50);
    expect(api.counts.authentications, reported(lapsed)).toBe(2);
  }, 60_000);

  it("makes one password grant for 4 cold workers, and each refresh once for all", async () => {
    await fleet({ api: "cesce" });
    api.tokenLifetimeS = 5; // renewed half a second early: room for a slow request on a busy machine
    const cold = await runAll("cold", 50);
    expectServedOnce(cold, "cold", 50);
    expect(api.counts, reported(cold)).toMatchObject({ passwordGrants: 1, refreshGrants: 0 });
    await sleep(5000); // past the token's renewal time
    const refresh = await runAll("refresh", 50);
    expectServedOnce(refresh, "refresh", 50);
    expect(api.counts, reported(refresh)).toMatchObject({ passwordGrants: 1, refreshGrants: 1 });
  }, 60_000);

  it("keeps every window of the API's own log within its limit, near the ideal pace", async () => {
    const windows: RateWindow[] = [
      { requests: 20, perMs: 1000 },
      { requests: 50, perMs: 5000 },
    ];
    await fleet({ api: "portal", windows });
    expectServedOnce(await runAll("paced", 30), "paced", 30);
    const times = api.served.map((s) => s.at);
    for (const w of windows) expect(maxInAnyWindow(times, w.perMs)).toBeLessThanOrEqual(w.requests);
    const span = Math.max(...times) - Math.min(...times);
    const ideal = idealSpanMs(times.length, windows);
    console.log(
      `fleet limiter: ${times.length} calls in ${span.toFixed(0)} ms, ideal ${ideal} ms, ratio ${(span / ideal).toFixed(3)}`,
    );
    expect(span).toBeGreaterThanOrEqual(ideal * 0.98);
    expect(span).toBeLessThanOrEqual(ideal * 1.5);
  }, 60_000);

  it("completes every call exactly once while Redis is stopped and restarted", async () => {
    await fleet({ api: "portal", windows: [{ requests: 40, perMs: 1000 }] });
    // Started over 4 s: each call reads the session when it starts (before it queues for a
    // rate-limit slot), so calls starting during the outage are the ones that reach Redis for it.
    const running = runAll("outage", 60, 4000);
    while (api.served.length < 60) await sleep(10);
    await redis.kill();
    await sleep(1000);
    await redis.start();
    const results = await running;
    expectServedOnce(results, "outage", 60);
    await sleep(1000); // a worker that finished alone finds Redis back within its probe interval
    const after = await runAll("after", 5);
    expectServedOnce(after, "after", 5);
    // A part says when it lost Redis and when it is back (a part that sent nothing to Redis
    // during the outage had nothing to notice); at least one of each kind noticed.
    const noticed = { session: 0, "rate-limit": 0 };
    for (const [i, { events }] of results.entries()) {
      const seen = [...events, ...(after[i]?.events ?? [])];
      for (const part of ["session", "rate-limit"] as const) {
        const states = seen.flatMap((e) =>
          e.type === "shared-state" && e.part === part ? [e.available] : [],
        );
        expect(states).toEqual(states.map((_, n) => n % 2 === 1));
        expect(states.length % 2).toBe(0);
        if (states.length > 0) noticed[part]++;
      }
    }
    expect(noticed.session).toBeGreaterThan(0);
    expect(noticed["rate-limit"]).toBeGreaterThan(0);
  }, 60_000);
});
