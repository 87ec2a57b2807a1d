import { describe, expect, it } from "vitest";
import { createLease } from "../../src/core/lease.ts";
import { memoryStore } from "../../src/core/memory-store.ts";
import {
  createSession,
  inactivityTimeoutMs,
  jwtExpiry,
  renewalMarginMs,
  type SessionStore,
  type StoredSession,
} from "../../src/partners-portal/session.ts";
import { manualClock } from "../helpers.ts";

const minute = 60_000;
const t0 = Date.parse("2026-03-01T12:00:00Z");

/** A JWT whose payload is `claims`, base64url-encoded; the signature is not checked. */
const jwt = (claims: Record<string, unknown>) =>
  [
    Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url"),
    Buffer.from(JSON.stringify(claims)).toString("base64url"),
    "signature",
  ].join(".");

const clock = () => manualClock(t0);

/** An authenticate that hands out `tokens` in turn (then `session-<n>`), counting its calls. */
function authenticator(tokens: string[] = []) {
  let calls = 0;
  return {
    calls: () => calls,
    authenticate: async () => {
      calls++;
      return tokens[calls - 1] ?? `session-${calls}`;
    },
  };
}

describe("jwtExpiry", () => {
  it("returns exp in milliseconds when it is ahead", () => {
    const exp = t0 / 1000 + 600;
    expect(jwtExpiry(jwt({ exp }), t0)).toBe(exp * 1000);
  });

  it("decodes the payload as base64url when it holds - and _", () => {
    const exp = t0 / 1000 + 600;
    const token = jwt({ sub: "???>>>", exp });
    expect(token.split(".")[1]).toMatch(/[-_]/);
    expect(jwtExpiry(token, t0)).toBe(exp * 1000);
  });

  it("ignores an exp that is already past", () => {
    expect(jwtExpiry(jwt({ exp: t0 / 1000 - 1 }), t0)).toBeUndefined();
    expect(jwtExpiry(jwt({ exp: t0 / 1000 }), t0)).toBeUndefined();
  });

  it("returns undefined when the token is not a JWT with a numeric exp", () => {
    expect(jwtExpiry("opaque-session-token", t0)).toBeUndefined();
    expect(jwtExpiry("a.not-json.c", t0)).toBeUndefined();
    expect(jwtExpiry(jwt({ sub: "x" }), t0)).toBeUndefined();
    expect(jwtExpiry(jwt({ exp: String(t0 / 1000 + 600) }), t0)).toBeUndefined();
  });
});

describe("createSession", () => {
  it("mints one token for concurrent callers", async () => {
    const auth = authenticator();
    const session = createSession({ authenticate: auth.authenticate });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => session.token()));
    expect(new Set(tokens)).toEqual(new Set(["session-1"]));
    expect(auth.calls()).toBe(1);
  });

  it("keeps the session when 29 minutes of inactivity have not yet passed", async () => {
    const time = clock();
    const auth = authenticator();
    const session = createSession({ authenticate: auth.authenticate, now: time.now });
    await session.token();
    time.advance(inactivityTimeoutMs - renewalMarginMs - 1);
    expect(await session.token()).toBe("session-1");
    expect(auth.calls()).toBe(1);
  });

  it("renews the session when 29 minutes of inactivity have passed", async () => {
    const time = clock();
    const auth = authenticator();
    const session = createSession({ authenticate: auth.authenticate, now: time.now });
    await session.token();
    time.advance(29 * minute);
    expect(await session.token()).toBe("session-2");
    expect(auth.calls()).toBe(2);
  });

  it("restarts the inactivity window when token() is called", async () => {
    const time = clock();
    const auth = authenticator();
    const session = createSession({ authenticate: auth.authenticate, now: time.now });
    for (let i = 0; i < 5; i++) {
      expect(await session.token()).toBe("session-1");
      time.advance(20 * minute);
    }
    expect(auth.calls()).toBe(1);
  });

  it("renews a margin before the JWT's exp when that comes before the inactivity limit", async () => {
    const time = clock();
    const expiring = jwt({ exp: t0 / 1000 + 10 * 60 });
    const auth = authenticator([expiring]);
    const session = createSession({ authenticate: auth.authenticate, now: time.now });
    expect(await session.token()).toBe(expiring);
    time.set(t0 + 9 * minute - 1);
    expect(await session.token()).toBe(expiring);
    time.set(t0 + 9 * minute);
    expect(await session.token()).toBe("session-2");
    expect(auth.calls()).toBe(2);
  });

  it("keeps a JWT session when its exp was already past at issue", async () => {
    const time = clock();
    const sample = jwt({ exp: t0 / 1000 - 3600 });
    const auth = authenticator([sample]);
    const session = createSession({ authenticate: auth.authenticate, now: time.now });
    expect(await session.token()).toBe(sample);
    time.advance(minute);
    expect(await session.token()).toBe(sample);
    expect(auth.calls()).toBe(1);
  });

  it("drops the session when invalidate gets its token, and only then", async () => {
    const auth = authenticator();
    const session = createSession({ authenticate: auth.authenticate });
    const first = await session.token();
    await session.invalidate("some-older-token");
    expect(await session.token()).toBe(first);
    expect(auth.calls()).toBe(1);
    await session.invalidate(first);
    expect(await session.token()).toBe("session-2");
    expect(auth.calls()).toBe(2);
  });

  it("does not authenticate again when a second session shares the store", async () => {
    const saved: StoredSession[] = [];
    let value: StoredSession | undefined;
    const store: SessionStore = {
      get: async () => value,
      set: async (next) => {
        value = next;
        saved.push(next);
      },
      delete: async () => {
        value = undefined;
      },
    };
    const first = authenticator(["shared-token"]);
    const second = authenticator(["second-token"]);
    const a = createSession({ authenticate: first.authenticate, store });
    const b = createSession({ authenticate: second.authenticate, store });
    expect(await a.token()).toBe("shared-token");
    expect(await b.token()).toBe("shared-token");
    expect(second.calls()).toBe(0);
    expect(saved.every((s) => s.token === "shared-token")).toBe(true);
  });

  it("rejects every concurrent caller when authenticate fails, then tries again", async () => {
    const refused = new Error("Authenticate refused");
    let calls = 0;
    const session = createSession({
      authenticate: async () => {
        calls++;
        if (calls === 1) throw refused;
        return `session-${calls}`;
      },
    });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => session.token()));
    expect(outcomes.map((o) => (o.status === "rejected" ? o.reason : o.value))).toEqual(
      Array(5).fill(refused),
    );
    expect(calls).toBe(1);
    expect(await session.token()).toBe("session-2");
    expect(calls).toBe(2);
  });

  it("does not bring back a session that invalidate dropped while token() was running", async () => {
    const auth = authenticator();
    const session = createSession({ authenticate: auth.authenticate });
    const refused = await session.token();
    // A request got a 401 for `refused` while another request was asking for the token.
    await Promise.all([session.invalidate(refused), session.token()]);
    expect(await session.token()).not.toBe(refused);
    expect(auth.calls()).toBe(2);
  });
});

describe("createLease", () => {
  it("shares one acquisition between concurrent callers and forgets it when it fails", async () => {
    const failure = new Error("down");
    let attempts = 0;
    const lease = createLease<string>({
      store: memoryStore(),
      storeName: "test store",
      isValid: (value): value is string => typeof value === "string",
      isFresh: () => true,
      acquire: async () => {
        attempts++;
        if (attempts === 1) throw failure;
        return "value";
      },
    });
    const first = await Promise.allSettled([lease.get(), lease.get(), lease.get()]);
    expect(first.every((o) => o.status === "rejected" && o.reason === failure)).toBe(true);
    expect(attempts).toBe(1);
    expect(await lease.get()).toBe("value");
    expect(attempts).toBe(2);
  });

  it("passes the stale value to acquire when the stored one is no longer fresh", async () => {
    const store = memoryStore<number>();
    await store.set(1);
    const stale: (number | undefined)[] = [];
    const lease = createLease<number>({
      store,
      storeName: "test store",
      isValid: (value): value is number => typeof value === "number",
      isFresh: (value) => value > 1,
      acquire: async (previous) => {
        stale.push(previous);
        return 2;
      },
    });
    expect(await lease.get()).toBe(2);
    expect(stale).toEqual([1]);
    expect(await store.get()).toBe(2);
  });
});
