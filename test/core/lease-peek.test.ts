import { describe, expect, it, vi } from "vitest";
import { createLease, type LeaseStore } from "../../src/core/lease.ts";
import { memoryStore } from "../../src/core/memory-store.ts";
import { createSession } from "../../src/partners-portal/session.ts";
import { until } from "../helpers.ts";

interface Value {
  token: string;
  freshUntil: number;
}
const isValue = (value: unknown): value is Value =>
  typeof value === "object" && value !== null && typeof (value as Value).token === "string";

function leaseOver(store: LeaseStore<Value>, clock: { now: number }) {
  let n = 0;
  return createLease<Value>({
    store,
    storeName: "test store",
    isValid: isValue,
    isFresh: (value) => clock.now < value.freshUntil,
    acquire: async () => ({ token: `token-${++n}`, freshUntil: clock.now + 1_000 }),
  });
}

describe("Lease.peek", () => {
  it("gives the fresh value of a synchronous store at once, once a get has read it", async () => {
    const clock = { now: 0 };
    const lease = leaseOver(memoryStore<Value>(), clock);
    expect(lease.peek()).toBeUndefined();
    await lease.get();
    expect(lease.peek()?.token).toBe("token-1");
    clock.now = 1_000;
    expect(lease.peek()).toBeUndefined();
  });

  it("never asks a store that answers with a promise", async () => {
    const inner = memoryStore<Value>();
    const get = vi.fn(async () => inner.get());
    const store: LeaseStore<Value> = { ...inner, get };
    const lease = leaseOver(store, { now: 0 });
    await lease.get();
    const reads = get.mock.calls.length;
    expect(lease.peek()).toBeUndefined();
    expect(get).toHaveBeenCalledTimes(reads);
  });

  it("gives nothing while a renewal is under way", async () => {
    const clock = { now: 0 };
    let release: () => void = () => undefined;
    let acquiring = false;
    const lease = createLease<Value>({
      store: memoryStore<Value>(),
      storeName: "test store",
      isValid: isValue,
      isFresh: (value) => clock.now < value.freshUntil,
      acquire: async (stale) => {
        if (stale === undefined) return { token: "first", freshUntil: 1_000 };
        acquiring = true;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { token: "renewed", freshUntil: clock.now + 1_000 };
      },
    });
    await lease.get();
    clock.now = 2_000;
    const renewing = lease.get();
    await until(() => acquiring);
    clock.now = 0; // the stored value would pass as fresh: only the renewal in flight refuses it
    expect(lease.peek()).toBeUndefined();
    release();
    expect((await renewing).token).toBe("renewed");
    expect(lease.peek()?.token).toBe("renewed");
  });
});

describe("createSession's current()", () => {
  it("gives the token at once while the session is fresh and its clock needs no write", async () => {
    let now = 1_000_000;
    const session = createSession({ authenticate: async () => "session-1", now: () => now });
    expect(session.current?.()).toBeUndefined();
    expect(await session.token()).toBe("session-1");
    expect(session.current?.()).toBe("session-1");
    now += 10_000; // time to restart the inactivity clock: only token() writes it
    expect(session.current?.()).toBeUndefined();
  });
});
