/**
 * One worker process of the fleet tests. It runs the BUILT SDK, imported by the package's own
 * name through its exports map (as a user's code would), with a node-redis or an ioredis client.
 * The parent sends { type: "run", phase, calls } and gets { type: "done", ... } back; every call
 * carries an `x-call-id` so the loopback API can tell a call served twice from two calls.
 *
 * Config (argv[2], JSON): { id, client: "node-redis" | "ioredis", redisPort, api: "portal" | "cesce",
 * apiUrl, key, windows? }.
 */
import { createCesceClient, createPartnersPortalClient } from "bctt-cesce-sdk";
import { redisRateLimiter, redisSessionStore, redisTokenStore } from "bctt-cesce-sdk/redis";
import { Redis } from "ioredis";
import { createClient } from "redis";

const config = JSON.parse(process.argv[2]);
const events = [];
const onEvent = (event) => {
  if (event.type === "shared-state") events.push(event);
};

async function connectRedis() {
  if (config.client === "ioredis") {
    const client = new Redis(config.redisPort, "127.0.0.1", {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 100,
      lazyConnect: true,
    });
    client.on("error", () => undefined);
    await client.connect();
    return { client, close: () => client.disconnect() };
  }
  const client = createClient({
    url: `redis://127.0.0.1:${config.redisPort}`,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: () => 100, connectTimeout: 500 },
  });
  client.on("error", () => undefined);
  await client.connect();
  return { client, close: () => client.destroy() };
}

const redis = await connectRedis();
const shared = { key: config.key, probeIntervalMs: 200, onEvent };
const rateLimit = config.windows
  ? redisRateLimiter(redis.client, {
      ...shared,
      key: `${config.key}:limit`,
      windows: config.windows,
    })
  : undefined;

function portalCall() {
  const client = createPartnersPortalClient({
    baseUrl: config.apiUrl,
    credentials: {
      clientId: "fleet-client-id",
      clientSecret: "fleet-client-secret",
      brokerUid: "0b8f4a52-2f6e-4c1d-9a3b-5e7c9d1f2a4b",
      username: "fleet-user@example.com",
    },
    taxonomyCacheTtlMs: 0,
    sessionStore: redisSessionStore(redis.client, shared),
    ...(rateLimit ? { rateLimit } : {}),
    onEvent,
  });
  return (callId) => client.GET("/v1/taxonomy/genders", { headers: { "x-call-id": callId } });
}

function cesceCall() {
  const client = createCesceClient({
    baseUrl: config.apiUrl,
    tokenUrl: `${config.apiUrl}/oauth2/v1/token`,
    credentials: {
      clientId: "fleet-client-id",
      clientSecret: "fleet-client-secret",
      username: "fleet-user",
      password: "fleet-password",
    },
    tokenStore: redisTokenStore(redis.client, shared),
    onEvent,
  });
  return (callId) =>
    client.GET("/contracts/{contractNo}/classifications", {
      params: { path: { contractNo: "5001" }, query: { countryCode: "ES", taxCode: "B00000000" } },
      headers: { "x-call-id": callId },
    });
}

const call = config.api === "cesce" ? cesceCall() : portalCall();

async function run({ phase, calls, spreadMs = 0 }) {
  // Spread: call i starts after i/calls of `spreadMs`, so some start while Redis is down.
  const start = (i) => new Promise((resolve) => setTimeout(resolve, (i * spreadMs) / calls));
  const outcomes = await Promise.allSettled(
    Array.from({ length: calls }, async (_, i) => {
      if (spreadMs > 0) await start(i);
      return call(`${config.id}-${phase}-${i}`);
    }),
  );
  const failures = outcomes.flatMap((outcome) => {
    if (outcome.status === "rejected") return [String(outcome.reason)];
    return outcome.value.response.status === 200 ? [] : [`status ${outcome.value.response.status}`];
  });
  return { type: "done", ok: calls - failures.length, failures, events: events.splice(0) };
}

process.on("message", async (message) => {
  if (message.type === "run") process.send(await run(message));
  if (message.type === "exit") {
    redis.close();
    process.disconnect();
  }
});
process.send({ type: "ready" });
