import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SdkError } from "../../src/core/errors.ts";
import type { SdkEvent } from "../../src/core/transport.ts";
import type { StoredSession } from "../../src/partners-portal/session.ts";
import { redisSessionStore, redisTokenStore } from "../../src/redis/index.ts";
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

const session = (token: string, lastUsedAt = Date.now()): StoredSession => ({ token, lastUsedAt });
const isFresh = () => true;
let keys = 0;
const newKey = () => `broker-${++keys}-${randomBytes(3).toString("hex")}`;

describe.each(clientKinds)("redisSessionStore over $kind", ({ open }) => {
  const connect = connectEachTest(() => open(server));

  it("stores, reads and deletes a value", async () => {
    const store = redisSessionStore(await connect(), { key: newKey() });
    expect(await store.get()).toBeUndefined();
    await store.set(session("t1", 5));
    expect(await store.get()).toEqual(session("t1", 5));
    await store.delete();
    expect(await store.get()).toBeUndefined();
  });

  it("compares and sets atomically, by value rather than key order", async () => {
    const key = newKey();
    const store = redisSessionStore(await connect(), { key });
    expect(await store.compareAndSet(undefined, session("t1", 1))).toBe(true);
    expect(await store.compareAndSet(undefined, session("t2", 1))).toBe(false);
    expect(await store.compareAndSet(session("t9", 1), session("t2", 1))).toBe(false);
    const reordered = { lastUsedAt: 1, token: "t1" } as StoredSession;
    expect(await store.compareAndSet(reordered, session("t2", 2))).toBe(true);
    expect(await store.get()).toEqual(session("t2", 2));
    expect(await store.compareAndDelete(session("t2", 1))).toBe(false);
    expect(await store.compareAndDelete(session("t2", 2))).toBe(true);
    expect(await store.get()).toBeUndefined();
  });

  it("keeps values encrypted at rest, and compare-and-set still works", async () => {
    const key = newKey();
    const encryptionKey = randomBytes(32);
    const client = await connect();
    const store = redisSessionStore(client, { key, encryptionKey });
    const other = redisSessionStore(await connect(), {
      key,
      encryptionKey: encryptionKey.toString("base64"),
    });
    await store.set(session("secret-session-token", 1));
    const raw = String(await rawGet(client, `bctt-cesce-sdk:{${key}}`));
    expect(raw).not.toContain("secret-session-token");
    expect(raw).toMatch(/^[\w-]{43}\.aes256gcm\./);
    expect(await other.get()).toEqual(session("secret-session-token", 1));
    expect(await other.compareAndSet(session("secret-session-token", 1), session("next", 2))).toBe(
      true,
    );
    expect(await store.get()).toEqual(session("next", 2));
    const wrongKey = redisSessionStore(client, { key, encryptionKey: randomBytes(32) });
    expect(await wrongKey.get()).toBeUndefined();
  });

  it("renews once for concurrent processes; the others get the value it wrote", async () => {
    const key = newKey();
    const stores = await Promise.all(
      [1, 2, 3, 4].map(async () => redisSessionStore(await connect(), { key })),
    );
    let renewals = 0;
    const renew = async () => {
      renewals++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return session(`t${renewals}`);
    };
    const values = await Promise.all(
      stores.map((store) => store.renewExclusively({ isFresh: (v) => v.token !== "stale", renew })),
    );
    expect(renewals).toBe(1);
    expect(values.map((v) => v.token)).toEqual(["t1", "t1", "t1", "t1"]);
  });

  it("replaces a lock holder that died once its lock expires", async () => {
    const key = newKey();
    const client = await connect();
    await rawCommand(client, ["SET", `bctt-cesce-sdk:{${key}}:lock`, "dead-holder", "PX", "300"]);
    const store = redisSessionStore(client, { key });
    const started = performance.now();
    const value = await store.renewExclusively({ isFresh, renew: async () => session("after") });
    expect(value.token).toBe("after");
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("keeps its lock through a renewal slower than lockMs, so no other process renews meanwhile", async () => {
    const key = newKey();
    const [first, second] = await Promise.all(
      [1, 2].map(async () => redisSessionStore(await connect(), { key, lockMs: 150 })),
    );
    let renewals = 0;
    const renew = async () => {
      renewals++;
      await new Promise((resolve) => setTimeout(resolve, 600));
      return session(`slow-${renewals}`);
    };
    const isFreshNow = (v: StoredSession) => v.token.startsWith("slow-");
    const slow = first?.renewExclusively({ isFresh: isFreshNow, renew });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waiting = second?.renewExclusively({ isFresh: isFreshNow, renew });
    expect((await Promise.all([slow, waiting])).map((v) => v?.token)).toEqual(["slow-1", "slow-1"]);
    expect(renewals).toBe(1);
  });

  it("shows no stored value when logged", async () => {
    const store = redisSessionStore(await connect(), {
      key: newKey(),
      encryptionKey: randomBytes(32),
    });
    await store.set(session("logged-session-token"));
    await store.get();
    expect(inspect(store, { showHidden: true, depth: 5 })).not.toContain("logged-session-token");
  });

  it("stops waiting with the signal's reason, and after waitTimeoutMs with an SdkError", async () => {
    const key = newKey();
    const client = await connect();
    await rawCommand(client, ["SET", `bctt-cesce-sdk:{${key}}:lock`, "busy", "PX", "10000"]);
    const store = redisSessionStore(client, { key, waitTimeoutMs: 300 });
    const reason = new Error("caller gave up");
    const renew = async () => session("never");
    const abortable = store.renewExclusively({ isFresh, renew, signal: AbortSignal.timeout(50) });
    await expect(abortable).rejects.toMatchObject({ name: "TimeoutError" });
    const controller = new AbortController();
    const aborted = store.renewExclusively({ isFresh, renew, signal: controller.signal });
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    await expect(store.renewExclusively({ isFresh, renew })).rejects.toThrow(SdkError);
  });

  it("writes only its own keys, named by prefix and key", async () => {
    const client = await connect();
    const store = redisTokenStore(client, { key: "cesce-main", prefix: "test-prefix:" });
    await store.renewExclusively({
      isFresh,
      renew: async () => ({
        accessToken: "access-SECRET",
        expiresAt: 2,
        renewAt: 1,
        refreshToken: "refresh-SECRET",
      }),
    });
    expect(await rawCommand(client, ["KEYS", "test-prefix:*"])).toEqual([
      "test-prefix:{cesce-main}",
    ]);
  });
});

describe("redisSessionStore options", () => {
  it.each([
    [{ key: "" }, "key"],
    [{ key: "a\nb" }, "key"],
    [{ key: "k", encryptionKey: "short" }, "encryptionKey"],
    [{ key: "k", lockMs: 0 }, "lockMs"],
  ])("refuses %j with an SdkError naming %s", (options, name) => {
    const fakeClient = { sendCommand: async () => null, isOpen: true };
    expect(() => redisSessionStore(fakeClient, options)).toThrow(new RegExp(name));
    expect(() => redisSessionStore(fakeClient, options)).toThrow(SdkError);
  });

  it("refuses something that is not a Redis client", () => {
    expect(() => redisSessionStore({} as never, { key: "k" })).toThrow(SdkError);
  });
});

describe("redisSessionStore when Redis is down", () => {
  it("works alone, says so, and hands its session over when Redis returns", async () => {
    const outage = await startRedisServer();
    const [, client] = await Promise.all([null, clientKinds[0].open(outage)]);
    const events: SdkEvent[] = [];
    const key = newKey();
    const store = redisSessionStore(client, {
      key,
      probeIntervalMs: 100,
      onEvent: (e) => events.push(e),
    });
    let renewals = 0;
    const renew = async () => session(`t${++renewals}`);
    try {
      await store.set(session("before"));
      await outage.kill();
      expect(await store.get()).toEqual(expect.objectContaining({ token: "before" }));
      const alone = await store.renewExclusively({ isFresh: (v) => v.token !== "before", renew });
      expect(alone.token).toBe("t1");
      expect(events).toEqual([
        expect.objectContaining({ type: "shared-state", part: "session", key, available: false }),
      ]);
      await outage.start();
      await waitFor(() => events.length === 2);
      expect(events[1]).toEqual({ type: "shared-state", part: "session", key, available: true });
      // Redis came back empty: the session obtained alone is handed over, not renewed again.
      const shared = await store.renewExclusively({ isFresh: (v) => v.token !== "before", renew });
      expect(shared.token).toBe("t1");
      expect(renewals).toBe(1);
      expect(await rawGet(client, `bctt-cesce-sdk:{${key}}`)).toContain('"token":"t1"');
    } finally {
      closeClient(client);
      await outage.stop();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type AnyClient =
  | { sendCommand(args: string[]): Promise<unknown> }
  | { call(...args: string[]): Promise<unknown> };

function rawCommand(client: unknown, args: string[]): Promise<unknown> {
  const c = client as AnyClient;
  return "call" in c ? c.call(...args) : c.sendCommand(args);
}

const rawGet = (client: unknown, key: string) => rawCommand(client, ["GET", key]);
