/**
 * The session against stores and Authenticate answers that misbehave: null, wrong shapes,
 * failures, races with other processes, and a crowd of callers after a pause.
 */
import { describe, expect, it } from "vitest";
import { SdkError, StoreError } from "../../src/core/errors.ts";
import { memoryStore } from "../../src/core/memory-store.ts";
import {
  createSession,
  type SessionStore,
  type StoredSession,
} from "../../src/partners-portal/session.ts";
import { manualClock, until } from "../helpers.ts";

const minute = 60_000;
const t0 = Date.parse("2026-03-01T12:00:00Z");

const clock = () => manualClock(t0);

function authenticator(answers: unknown[] = []) {
  let calls = 0;
  return {
    calls: () => calls,
    authenticate: async () => {
      calls++;
      return calls <= answers.length ? answers[calls - 1] : `session-${calls}`;
    },
  };
}

/**
 * A store over memory that counts its writes, optionally without atomic operations, and whose
 * `beforeWrite` hook plays another process acting just before this one writes.
 */
function recordingStore(options: { atomic: boolean }) {
  const inner = memoryStore<StoredSession>();
  const writes: string[] = [];
  let beforeWrite: (() => void) | undefined;
  const write = <V>(name: string, step: () => V) => {
    writes.push(name);
    const hook = beforeWrite;
    beforeWrite = undefined;
    hook?.();
    return step();
  };
  const store: SessionStore = {
    get: async () => inner.get(),
    set: async (value) => write("set", () => inner.set(value)),
    delete: async () => write("delete", () => inner.delete()),
    ...(options.atomic
      ? {
          compareAndSet: async (expected, next) =>
            write("compareAndSet", () => inner.compareAndSet?.(expected, next) ?? false),
          compareAndDelete: async (expected) =>
            write("compareAndDelete", () => inner.compareAndDelete?.(expected) ?? false),
        }
      : {}),
  };
  return {
    store,
    inner,
    writes,
    onNextWrite: (hook: () => void) => {
      beforeWrite = hook;
    },
  };
}

/** A store without atomic operations whose next read is held: it answers what it read, later. */
function slowReadStore() {
  const inner = memoryStore<StoredSession>();
  let held: { release: () => void } | undefined;
  let holdNext = false;
  const store: SessionStore = {
    get: () => {
      const value = inner.get();
      if (!holdNext) return value;
      holdNext = false;
      return new Promise((resolve) => {
        held = { release: () => resolve(value) };
      });
    },
    set: (value) => inner.set(value),
    delete: () => inner.delete(),
  };
  return {
    store,
    inner,
    holdNextRead: () => {
      holdNext = true;
    },
    isHolding: () => held !== undefined,
    release: () => held?.release(),
  };
}

const jwt = (exp: number) =>
  ["e30", Buffer.from(JSON.stringify({ exp })).toString("base64url"), "sig"].join(".");

describe("createSession with a hostile store", () => {
  it("treats a store answering null as empty", async () => {
    const auth = authenticator();
    const store: SessionStore = {
      get: async () => null,
      set: () => undefined,
      delete: () => undefined,
    };
    const session = createSession({ authenticate: auth.authenticate, store });
    expect(await session.token()).toBe("session-1");
    expect(auth.calls()).toBe(1);
  });

  it.each([
    ["a numeric token", { token: 42, lastUsedAt: t0 }],
    ["an empty token", { token: "", lastUsedAt: t0 }],
    ["a whitespace token", { token: "  ", lastUsedAt: t0 }],
    ["a token with a NUL", { token: "a\u0000b", lastUsedAt: t0 }],
    ["a token with a line break", { token: "a\r\nb", lastUsedAt: t0 }],
    ["a token past Latin-1", { token: "tök€n", lastUsedAt: t0 }],
    ["no lastUsedAt", { token: "ok" }],
    ["a string lastUsedAt", { token: "ok", lastUsedAt: "2026-03-01" }],
    ["no token", { lastUsedAt: t0 }],
    ["a bare string", "session-token"],
    ["an array", []],
  ])("discards a stored value with %s and authenticates again", async (_, stored) => {
    const time = clock();
    const auth = authenticator();
    const store = memoryStore<StoredSession>();
    await store.set(stored as unknown as StoredSession);
    const session = createSession({ authenticate: auth.authenticate, store, now: time.now });
    expect(await session.token()).toBe("session-1");
    expect(auth.calls()).toBe(1);
    expect(await store.get()).toEqual({ token: "session-1", lastUsedAt: t0 });
  });

  it.each(["get", "set"] as const)(
    "fails the call with StoreError when the store's %s throws, and tries again on the next call",
    async (method) => {
      const auth = authenticator();
      const inner = memoryStore<StoredSession>();
      let broken = true;
      const store: SessionStore = {
        ...inner,
        [method]: async (value: StoredSession) => {
          if (broken) throw new Error("redis: SET session session-SECRET failed");
          return method === "get" ? inner.get() : inner.set(value);
        },
      };
      const session = createSession({ authenticate: auth.authenticate, store });
      const error = await session.token().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toBe(`The session store failed (${method}: Error)`);
      expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain("SECRET");
      broken = false;
      expect(await session.token()).toMatch(/^session-\d$/);
    },
  );
});

describe("createSession with a hostile Authenticate answer", () => {
  it.each([
    ["{}", {}],
    ["null", null],
    ["no body (204)", undefined],
    ["a numeric sessionToken", { sessionToken: 42 }],
    ["an empty sessionToken", { sessionToken: "" }],
    ["a sessionToken with a line break", { sessionToken: "a\r\nb" }],
    ["a whitespace token", " \t "],
    ["a token with a NUL", "a\u0000b"],
    ["a token past Latin-1", "tök€n"],
    ["a number", 42],
  ])("ends in SdkError, stores nothing, and authenticates again on %s", async (_, answer) => {
    const auth = authenticator([answer]);
    const recorded = recordingStore({ atomic: true });
    const session = createSession({ authenticate: auth.authenticate, store: recorded.store });
    const error = await session.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdkError);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/POST \/v1\/authentication/);
    expect(recorded.writes).toEqual([]);
    expect(await session.token()).toBe("session-2");
  });
});

describe("createSession with an unusual token", () => {
  it("keeps a token that a header can carry, Latin-1 and spaces included", async () => {
    const unusual = "opaque token ÿ with spaces";
    const auth = authenticator([{ sessionToken: unusual }]);
    const session = createSession({ authenticate: auth.authenticate });
    expect(await session.token()).toBe(unusual);
    expect(await session.token()).toBe(unusual);
    expect(auth.calls()).toBe(1);
  });
});

describe("createSession renewal", () => {
  it("authenticates at most once per half-lifetime when the JWT lives 30 s", async () => {
    const time = clock();
    let calls = 0;
    const session = createSession({
      authenticate: async () => {
        calls++;
        return jwt(Math.floor(time.now() / 1000) + 30);
      },
      now: time.now,
    });
    for (let second = 0; second < 120; second++) {
      await session.token();
      time.advance(1000);
    }
    expect(calls).toBeLessThanOrEqual(1 + 120 / 15);
  });
});

describe("createSession touches", () => {
  it("writes the store a handful of times, not 500, for 500 concurrent calls after an idle minute", async () => {
    for (const atomic of [true, false]) {
      const time = clock();
      const recorded = recordingStore({ atomic });
      const session = createSession({
        authenticate: authenticator().authenticate,
        store: recorded.store,
        now: time.now,
      });
      await session.token();
      time.advance(minute);
      recorded.writes.length = 0;
      const tokens = await Promise.all(Array.from({ length: 500 }, () => session.token()));
      expect(new Set(tokens)).toEqual(new Set(["session-1"]));
      expect(recorded.writes.length).toBeLessThanOrEqual(5);
      expect(recorded.writes.length).toBeGreaterThan(0);
      expect((await recorded.inner.get())?.lastUsedAt).toBe(t0 + minute);
    }
  });

  it("does not bring back a session another process deleted just before the touch wrote", async () => {
    const time = clock();
    const recorded = recordingStore({ atomic: true });
    const auth = authenticator();
    const session = createSession({
      authenticate: auth.authenticate,
      store: recorded.store,
      now: time.now,
    });
    await session.token();
    time.advance(20_000);
    recorded.onNextWrite(() => recorded.inner.delete());
    expect(await session.token()).toBe("session-1");
    expect(recorded.inner.get()).toBeUndefined();
    expect(await session.token()).toBe("session-2");
  });

  it("does not bring back a session invalidated in this process while a touch was reading", async () => {
    const time = clock();
    const slow = slowReadStore();
    const session = createSession({
      authenticate: authenticator().authenticate,
      store: slow.store,
      now: time.now,
    });
    await session.token();
    time.advance(20_000);
    // The touch's read is held; meanwhile a 401 invalidates the session.
    let reads = 0;
    const get = slow.store.get;
    slow.store.get = () => {
      reads++;
      if (reads === 2) slow.holdNextRead();
      return get();
    };
    const touching = session.token();
    await until(() => slow.isHolding());
    const invalidating = session.invalidate("session-1");
    slow.release();
    await Promise.all([touching, invalidating]);
    expect(slow.inner.get()).toBeUndefined();
  });
});

describe("createSession invalidate", () => {
  it("does not delete a newer session another process stored just before it deleted", async () => {
    const recorded = recordingStore({ atomic: true });
    const session = createSession({
      authenticate: authenticator().authenticate,
      store: recorded.store,
    });
    await session.token();
    const newer = { token: "session-from-elsewhere", lastUsedAt: t0 };
    recorded.onNextWrite(() => recorded.inner.set(newer));
    await session.invalidate("session-1");
    expect(recorded.inner.get()).toEqual(newer);
  });

  it("does not delete a session renewed in this process while it was reading", async () => {
    const time = clock();
    const slow = slowReadStore();
    const auth = authenticator();
    const session = createSession({
      authenticate: auth.authenticate,
      store: slow.store,
      now: time.now,
    });
    await session.token();
    time.advance(29 * minute); // session-1 is due for renewal
    slow.holdNextRead();
    const invalidating = session.invalidate("session-1");
    await until(() => slow.isHolding());
    const renewing = session.token();
    await until(() => auth.calls() === 2);
    slow.release();
    await invalidating;
    expect(await renewing).toBe("session-2");
    expect((await slow.inner.get())?.token).toBe("session-2");
  });
});

describe("createSession aborts", () => {
  it("sends no Authenticate for a caller whose signal is already aborted", async () => {
    const auth = authenticator();
    const session = createSession({ authenticate: auth.authenticate });
    const reason = new Error("gave up before");
    await expect(session.token(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(auth.calls()).toBe(0);
  });

  it("rejects with the caller's reason while the touch's write hangs", async () => {
    const time = clock();
    const inner = memoryStore<StoredSession>();
    let hang = false;
    const store: SessionStore = {
      ...inner,
      compareAndSet: (expected, next) =>
        hang
          ? new Promise<boolean>(() => undefined)
          : (inner.compareAndSet?.(expected, next) ?? false),
    };
    const session = createSession({
      authenticate: authenticator().authenticate,
      store,
      now: time.now,
    });
    await session.token();
    time.advance(20_000);
    hang = true;
    const controller = new AbortController();
    const call = session.token(controller.signal);
    const reason = new Error("caller gave up");
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });
});
