import { describe, expect, it } from "vitest";
import {
  CallbackOptionsError,
  createCallbackHandler,
  createMemoryDedupeStore,
} from "../../src/callbacks/index.ts";
import { delivery, eventually, gate, processNotification } from "./fixtures.ts";

function clockedStore(options: Parameters<typeof createMemoryDedupeStore>[0] = {}) {
  const clock = { now: 1_000_000 };
  const store = createMemoryDedupeStore({ ...options, now: () => clock.now });
  return { store, clock };
}

describe("createMemoryDedupeStore", () => {
  it("claims a key once, then reports it in progress, then processed", async () => {
    const { store } = clockedStore();
    expect(await store.peek("k")).toBe("unknown");
    expect(await store.claim("k")).toBe("claimed");
    expect(await store.claim("k")).toBe("in-progress");
    expect(await store.peek("k")).toBe("in-progress");
    await store.markProcessed("k");
    expect(await store.claim("k")).toBe("processed");
    expect(await store.peek("k")).toBe("processed");
  });

  it("forgets a released claim, so the next copy is claimed again", async () => {
    const { store } = clockedStore();
    await store.claim("k");
    await store.release("k");
    expect(await store.peek("k")).toBe("unknown");
    expect(await store.claim("k")).toBe("claimed");
  });

  it("does not forget a processed key on release", async () => {
    const { store } = clockedStore();
    await store.claim("k");
    await store.markProcessed("k");
    await store.release("k");
    expect(await store.claim("k")).toBe("processed");
  });

  it("forgets a processed key after ttlMs", async () => {
    const { store, clock } = clockedStore({ ttlMs: 1000 });
    await store.claim("k");
    await store.markProcessed("k");
    clock.now += 999;
    expect(await store.claim("k")).toBe("processed");
    clock.now += 1;
    expect(await store.claim("k")).toBe("claimed");
  });

  it("lets a claim lapse after processingTimeoutMs (a crashed owner)", async () => {
    const { store, clock } = clockedStore({ processingTimeoutMs: 500 });
    await store.claim("k");
    clock.now += 499;
    expect(await store.claim("k")).toBe("in-progress");
    clock.now += 1;
    expect(await store.claim("k")).toBe("claimed");
  });

  it("keeps at most maxEntries processed keys, forgetting the oldest first, never a live claim", async () => {
    const { store } = clockedStore({ maxEntries: 3 });
    await store.claim("live");
    for (const key of ["a", "b", "c", "d", "e"]) {
      await store.claim(key);
      await store.markProcessed(key);
    }
    expect(await Promise.all(["a", "b", "c", "d", "e"].map((k) => store.peek(k)))).toEqual([
      "unknown",
      "unknown",
      "processed",
      "processed",
      "processed",
    ]);
    expect(await store.peek("live")).toBe("in-progress");
  });

  it("stays bounded under many distinct deliveries", async () => {
    const { store } = clockedStore({ maxEntries: 100 });
    for (let i = 0; i < 5000; i++) {
      await store.claim(`k${i}`);
      await store.markProcessed(`k${i}`);
    }
    let remembered = 0;
    for (let i = 0; i < 5000; i++) if ((await store.peek(`k${i}`)) === "processed") remembered++;
    expect(remembered).toBe(100);
    expect(await store.peek("k4999")).toBe("processed");
  });

  it("refuses a non-positive bound with a CallbackOptionsError", () => {
    for (const options of [{ maxEntries: 0 }, { ttlMs: -1 }, { processingTimeoutMs: Number.NaN }]) {
      expect(() => createMemoryDedupeStore(options)).toThrow(CallbackOptionsError);
    }
  });
});

describe("a dedupe store shared by two receivers (another process's copy)", () => {
  it("makes the second receiver wait for the first one's outcome and answer the same", async () => {
    for (const outcome of ["resolves", "throws"] as const) {
      const store = createMemoryDedupeStore();
      const hold = gate();
      let calls = 0;
      const onNotification = async () => {
        calls++;
        await hold.promise;
      };
      const quiet = { onError: () => {} };
      const first = createCallbackHandler({ dedupe: store, onNotification, ...quiet });
      const second = createCallbackHandler({ dedupe: store, onNotification, ...quiet });
      const firstAnswer = first(delivery(processNotification()));
      await eventually(() => calls === 1);
      let secondAnswered = false;
      const secondAnswer = second(delivery(processNotification())).finally(() => {
        secondAnswered = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(secondAnswered).toBe(false);
      if (outcome === "resolves") hold.open();
      else hold.fail(new Error("boom"));
      const statuses = [(await firstAnswer).status, (await secondAnswer).status];
      expect(statuses).toEqual(outcome === "resolves" ? [200, 200] : [500, 500]);
      expect(calls).toBe(1);
    }
  });
});
