import { describe, expect, it } from "vitest";
import { SdkError, StoreError } from "../../src/core/errors.ts";
import { createLease, type LeaseStore } from "../../src/core/lease.ts";
import { memoryStore } from "../../src/core/memory-store.ts";
import { until } from "../helpers.ts";

interface Value {
  token: string;
  n: number;
}
const isValue = (value: unknown): value is Value =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Value).token === "string" &&
  typeof (value as Value).n === "number";

/** A promise the test settles by hand. */
function gate<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An acquire that waits for the test to answer it, recording the signal it got. */
function slowAcquire() {
  const calls: { signal: AbortSignal; answer: ReturnType<typeof gate<Value>> }[] = [];
  return {
    calls,
    acquire: (_stale: Value | undefined, signal: AbortSignal) => {
      const answer = gate<Value>();
      calls.push({ signal, answer });
      return answer.promise;
    },
  };
}

const leaseOver = (
  store: LeaseStore<Value>,
  acquire: (s: Value | undefined, signal: AbortSignal) => Promise<Value>,
) =>
  createLease<Value>({
    store,
    storeName: "test store",
    isValid: isValue,
    isFresh: () => true,
    acquire,
  });

const settled = (promise: Promise<unknown>) => {
  const state: { outcome?: "resolved" | "rejected"; value?: unknown } = {};
  promise.then(
    (value) => Object.assign(state, { outcome: "resolved", value }),
    (value) => Object.assign(state, { outcome: "rejected", value }),
  );
  return state;
};

describe("memoryStore", () => {
  it("stores on compareAndSet only while the stored value still equals the expected one", async () => {
    const store = memoryStore<Value>();
    expect(await store.compareAndSet?.(undefined, { token: "a", n: 1 })).toBe(true);
    expect(await store.compareAndSet?.(undefined, { token: "b", n: 1 })).toBe(false);
    // Structural equality: a copy of the stored value counts as equal.
    expect(await store.compareAndSet?.({ token: "a", n: 1 }, { token: "a", n: 2 })).toBe(true);
    expect(await store.compareAndSet?.({ token: "a", n: 1 }, { token: "a", n: 3 })).toBe(false);
    expect(await store.get()).toEqual({ token: "a", n: 2 });
  });

  it("deletes on compareAndDelete only the value it was given", async () => {
    const store = memoryStore<Value>();
    await store.set({ token: "new", n: 2 });
    expect(await store.compareAndDelete?.({ token: "old", n: 1 })).toBe(false);
    expect(await store.get()).toEqual({ token: "new", n: 2 });
    expect(await store.compareAndDelete?.({ token: "new", n: 2 })).toBe(true);
    expect(await store.get()).toBeUndefined();
  });
});

describe("createLease", () => {
  it("rejects at once with the caller's reason while the store hangs", async () => {
    const hung: LeaseStore<Value> = {
      get: () => new Promise(() => undefined),
      set: () => undefined,
      delete: () => undefined,
    };
    const lease = leaseOver(hung, async () => ({ token: "t", n: 1 }));
    const controller = new AbortController();
    const call = settled(lease.get(controller.signal));
    await until(() => false, 5).catch(() => undefined);
    expect(call.outcome).toBeUndefined();
    const reason = new Error("caller gave up");
    controller.abort(reason);
    await until(() => call.outcome !== undefined);
    expect(call).toEqual({ outcome: "rejected", value: reason });
  });

  it("acquires nothing for a caller whose signal is already aborted", async () => {
    const slow = slowAcquire();
    const lease = leaseOver(memoryStore(), slow.acquire);
    const reason = new Error("already aborted");
    await expect(lease.get(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(slow.calls).toHaveLength(0);
  });

  it("lets one caller leave a shared acquisition without failing the others", async () => {
    const slow = slowAcquire();
    const lease = leaseOver(memoryStore(), slow.acquire);
    const leaving = new AbortController();
    const staying = new AbortController();
    const a = settled(lease.get(leaving.signal));
    const b = settled(lease.get(staying.signal));
    const c = settled(lease.get());
    await until(() => slow.calls.length === 1);
    const reason = new Error("A gave up");
    leaving.abort(reason);
    await until(() => a.outcome !== undefined);
    expect(a).toEqual({ outcome: "rejected", value: reason });
    expect(slow.calls[0]?.signal.aborted).toBe(false);
    slow.calls[0]?.answer.resolve({ token: "t", n: 1 });
    await until(() => b.outcome !== undefined && c.outcome !== undefined);
    expect(b).toEqual({ outcome: "resolved", value: { token: "t", n: 1 } });
    expect(c).toEqual({ outcome: "resolved", value: { token: "t", n: 1 } });
    expect(slow.calls).toHaveLength(1);
  });

  it("aborts the acquisition once every waiting caller has left, and starts afresh after", async () => {
    const slow = slowAcquire();
    const lease = leaseOver(memoryStore(), slow.acquire);
    const first = new AbortController();
    const second = new AbortController();
    const calls = [lease.get(first.signal), lease.get(second.signal)].map(settled);
    await until(() => slow.calls.length === 1);
    first.abort(new Error("first"));
    second.abort(new Error("second"));
    await until(() => calls.every((call) => call.outcome === "rejected"));
    expect(slow.calls[0]?.signal.aborted).toBe(true);
    const next = settled(lease.get());
    await until(() => slow.calls.length === 2);
    slow.calls[1]?.answer.resolve({ token: "t2", n: 2 });
    await until(() => next.outcome !== undefined);
    expect(next.value).toEqual({ token: "t2", n: 2 });
  });

  it("renews through the store's renewExclusively when it has one", async () => {
    const inner = memoryStore<Value>();
    await inner.set({ token: "stale", n: 1 });
    const seen: (Value | undefined)[] = [];
    const store: LeaseStore<Value> = {
      ...inner,
      async renewExclusively({ isFresh, renew }) {
        const stale = (await inner.get()) ?? undefined;
        seen.push(stale);
        if (stale && isFresh(stale)) return stale;
        const value = await renew(stale);
        await inner.set(value);
        return value;
      },
    };
    const lease = createLease<Value>({
      store,
      storeName: "test store",
      isValid: isValue,
      isFresh: (value) => value.n > 1,
      acquire: async (stale) => ({ token: "fresh", n: (stale?.n ?? 0) + 1 }),
    });
    expect(await lease.get()).toEqual({ token: "fresh", n: 2 });
    expect(seen).toEqual([{ token: "stale", n: 1 }]);
    expect(await inner.get()).toEqual({ token: "fresh", n: 2 });
  });

  it("passes acquire's own failure through renewExclusively unchanged, and wraps the store's", async () => {
    const refused = new SdkError("Authenticate refused");
    const viaStore = (renewExclusively: LeaseStore<Value>["renewExclusively"]) =>
      leaseOver({ ...memoryStore<Value>(), renewExclusively }, async () => {
        throw refused;
      });
    await expect(viaStore(({ renew }) => renew(undefined)).get()).rejects.toBe(refused);
    const lockFailed = Object.assign(new Error("SET lock token-SECRET NX failed"), {
      code: "ECONNRESET",
    });
    const error = await viaStore(async () => {
      throw lockFailed;
    })
      .get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(String(error)).toMatch(/test store failed \(renewExclusively: Error ECONNRESET\)/);
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain("SECRET");
  });
});
