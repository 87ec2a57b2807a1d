/**
 * The cost and the pace of fleet mode (`bctt-cesce-sdk/redis`), against a real redis-server on
 * loopback and the bench's loopback API:
 *
 * - added latency: sequential `unwrap(client.GET(...))` calls (taxonomy cache off) with the
 *   session and the limiter in memory, then in Redis, over node-redis and over ioredis; the
 *   median per call, the Redis round trips per call (counted on the client) and the time Redis
 *   used per call (`INFO cpu`, for the whole server: both clients' calls, split evenly);
 * - pace: four limiters (own connections) sharing 100 requests a second, 600 slots each held
 *   5 ms, against what the window implies; and the ceiling, slots a second when no window binds.
 *
 * `npm run bench:redis` prints the figure; `measureSharedLimiter` is the bench-figure form.
 */
import { pathToFileURL } from "node:url";
import type { RateLimiter } from "../src/core/rate-limit.ts";
import { createPartnersPortalClient, createRateLimiter, unwrap } from "../src/index.ts";
import { type RedisClient, redisRateLimiter, redisSessionStore } from "../src/redis/index.ts";
import { idealSpanMs } from "../test/rate-windows.ts";
import { ioRedisClient, nodeRedisClient, startRedisServer } from "../test/redis/redis-server.ts";
import { type Figure, fixed, type Log, median } from "./figure.ts";
import { credentials, type LoopbackServer, startServer } from "./loopback.ts";

const calls = 3000;
const warmup = 300;
const unbound = [{ requests: 1_000_000, perMs: 60_000 }];

/** Counts the commands sent through `redis` (each is one round trip; a script is one). */
function counting(redis: RedisClient): { client: RedisClient; sent(): number } {
  let sent = 0;
  const client: RedisClient =
    "call" in redis
      ? {
          status: redis.status,
          call: (...args) => {
            sent++;
            return redis.call(...args);
          },
        }
      : {
          isOpen: true,
          sendCommand: (args, options) => {
            sent++;
            return redis.sendCommand(args, options);
          },
        };
  return { client, sent: () => sent };
}

/**
 * CPU microseconds the Redis process has used (`INFO cpu`: user and system time). Per-command
 * statistics would count a script's inner commands twice (in the script and on their own).
 */
async function redisUs(redis: RedisClient): Promise<number> {
  const info = String(
    "call" in redis ? await redis.call("INFO", "cpu") : await redis.sendCommand(["INFO", "cpu"]),
  );
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1]);
  return (seconds("used_cpu_user") + seconds("used_cpu_sys")) * 1e6;
}

interface Setup {
  name: string;
  call(): Promise<unknown>;
  redis?: RedisClient;
  sent?(): number;
}

function setup(baseUrl: string, name: string, redis?: RedisClient): Setup {
  const counted = redis && counting(redis);
  const key = `bench-${name}`;
  const client = createPartnersPortalClient({
    baseUrl,
    credentials,
    taxonomyCacheTtlMs: 0,
    ...(counted
      ? {
          sessionStore: redisSessionStore(counted.client, { key }),
          rateLimit: redisRateLimiter(counted.client, { key, windows: unbound }),
        }
      : { rateLimit: createRateLimiter({ windows: unbound }) }),
  });
  const call = () => unwrap(client.GET("/v1/taxonomy/genders"));
  return { name, call, ...(redis && counted ? { redis, sent: counted.sent } : {}) };
}

/**
 * Median µs per call of each setup, timed call by call in turn (so a busy moment of the machine
 * costs every setup alike), with round trips and Redis time per call.
 */
async function perCall(setups: Setup[]) {
  for (let i = 0; i < warmup; i++) for (const s of setups) await s.call();
  const sentBefore = setups.map((s) => s.sent?.() ?? 0);
  const viaRedis = setups.filter((s) => s.redis);
  const redisBefore = viaRedis[0]?.redis ? await redisUs(viaRedis[0].redis) : 0;
  const times = setups.map((): number[] => []);
  for (let i = 0; i < calls; i++) {
    for (const [n, s] of setups.entries()) {
      const started = performance.now();
      await s.call();
      times[n]?.push((performance.now() - started) * 1000);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // releases are not awaited by calls
  const redisSpent = viaRedis[0]?.redis ? (await redisUs(viaRedis[0].redis)) - redisBefore : 0;
  return setups.map((s, n) => ({
    name: s.name,
    us: median(times[n] ?? []),
    roundTrips: ((s.sent?.() ?? 0) - (sentBefore[n] ?? 0)) / calls,
    // Both Redis setups send the same commands: the server's time splits evenly between them.
    redisUs: s.redis ? redisSpent / (calls * viaRedis.length) : 0,
  }));
}

type Row = Awaited<ReturnType<typeof perCall>>[number];

/** Four limiters share `windows`; each takes `each` slots and holds each for `holdMs`. */
async function pace(
  redisPort: number,
  windows: { requests: number; perMs: number }[],
  each: number,
  holdMs: number,
) {
  const clients = await Promise.all([0, 1, 2, 3].map(() => ioRedisClient(redisPort)));
  const key = `bench-pace-${Date.now()}`;
  const limiters: RateLimiter[] = clients.map((c) => redisRateLimiter(c, { key, windows }));
  const granted: number[] = [];
  await Promise.all(
    limiters.flatMap((limiter) =>
      Array.from({ length: each }, async () => {
        const release = await limiter.acquire();
        granted.push(performance.now());
        await new Promise((resolve) => setTimeout(resolve, holdMs));
        release();
      }),
    ),
  );
  for (const c of clients) c.disconnect();
  return { count: granted.length, spanMs: Math.max(...granted) - Math.min(...granted) };
}

export async function measureSharedLimiter(server: LoopbackServer, log: Log): Promise<Figure> {
  const redis = await startRedisServer();
  try {
    const nodeRedis = await nodeRedisClient(redis.url);
    const ioredis = await ioRedisClient(redis.port);
    log("  per call: memory, node-redis, ioredis, in turn");
    const [memory, viaNodeRedis, viaIoredis] = (await perCall([
      setup(server.baseUrl, "memory"),
      setup(server.baseUrl, "node-redis", nodeRedis),
      setup(server.baseUrl, "ioredis", ioredis),
    ])) as [Row, Row, Row];
    nodeRedis.destroy();
    ioredis.disconnect();
    log("  pace: 4 limiters × 150 slots at 100 a second; ceiling: 4 × 2500 slots unbound");
    const windows = [{ requests: 100, perMs: 1000 }];
    const paced = await pace(redis.port, windows, 150, 5);
    const ideal = idealSpanMs(paced.count, windows);
    const ceiling = await pace(redis.port, unbound, 2500, 0);
    const ceilingRate = ((ceiling.count - 1) / ceiling.spanMs) * 1000;
    const added = (us: number) => `+${fixed(us - memory.us, 0)} µs`;
    const row = (label: string, r: Row) =>
      `| ${label} | ${fixed(r.us, 0)} | ${r === memory ? "—" : added(r.us)} | ${fixed(r.roundTrips, 2)} | ${fixed(r.redisUs)} |`;
    const measured = `${added(viaNodeRedis.us)} a call (node-redis), ${added(viaIoredis.us)} (ioredis), ${fixed(viaNodeRedis.roundTrips, 1)} Redis round trips; paced at ${fixed((ideal / paced.spanMs) * 100)}% of the ideal rate`;
    const details = [
      `Sequential calls to the loopback API (${calls} timed after ${warmup} warm-up, taxonomy cache off), median per call:`,
      "",
      "| session and limiter | µs per call | added | Redis round trips per call | Redis CPU µs per call |",
      "| --- | --- | --- | --- | --- |",
      row("in memory (`createRateLimiter`)", memory),
      row("Redis over node-redis", viaNodeRedis),
      row("Redis over ioredis", viaIoredis),
      "",
      "A call reads the session (GET), takes a slot (one script) and, once answered, releases it",
      "(one script, not awaited by the call): three round trips, two of them on the call's path.",
      "Redis CPU is the redis-server process's user and system time (`INFO cpu`) during the timed",
      "calls, split evenly between the two Redis setups (they send the same commands).",
      "",
      `Pace: four limiters (one ioredis connection each) share 100 requests a second; ${paced.count} slots, each held 5 ms,`,
      `went in ${fixed(paced.spanMs, 0)} ms from first to last, against ${ideal} ms ideal: ${fixed((ideal / paced.spanMs) * 100)}% of the ideal rate.`,
      `Ceiling: with no window binding, the four limiters handed out ${fixed(ceilingRate, 0)} slots a second.`,
    ].join("\n");
    return { title: "11. Fleet mode (Redis)", measured, goal: "—", met: undefined, details };
  } finally {
    await redis.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const server = await startServer();
  try {
    const figure = await measureSharedLimiter(server, (line) => console.log(line));
    console.log(`\n## ${figure.title}\n\n${figure.measured}\n\n${figure.details}`);
  } finally {
    server.stop();
  }
}
