/**
 * The rate limiter counts requests sent, not calls made: every attempt takes a slot (a retry, the
 * replay after a 401, Authenticate itself), a call waiting for its session holds none, and a call
 * aborted in the queue leaves it at once.
 */
import { describe, expect, it } from "vitest";
import { type CesceOptions, createCesceClient } from "../../src/cesce/client.ts";
import { ConfigurationError } from "../../src/core/errors.ts";
import { createRateLimiter, type RateLimiter } from "../../src/core/rate-limit.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import {
  cesceCredentials,
  credentials,
  json,
  portalServer,
  type ScriptedFetch,
  scriptedFetch,
  sessionTokenFor,
} from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const genders = "/v1/taxonomy/genders";

/** A limiter that never waits and counts its slots, held and taken. */
function countingLimiter() {
  const counts = { acquired: 0, held: 0, maxHeld: 0 };
  const limiter: RateLimiter = {
    async acquire() {
      counts.acquired++;
      counts.maxHeld = Math.max(counts.maxHeld, ++counts.held);
      return () => {
        counts.held--;
      };
    },
  };
  return { limiter, counts };
}

/** One slot at a time, first come first served: a limit of 1 in flight. */
function oneAtATime(): RateLimiter {
  let tail = Promise.resolve();
  return {
    acquire() {
      let release: () => void = () => undefined;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const granted = tail.then(() => release);
      tail = tail.then(() => mine);
      return granted;
    },
  };
}

const clientOn = (
  server: ScriptedFetch,
  rateLimit: Parameters<typeof createPartnersPortalClient>[0]["rateLimit"],
) =>
  createPartnersPortalClient({
    baseUrl,
    credentials,
    fetch: server.fetch,
    taxonomyCacheTtlMs: 0,
    rateLimit,
  });

describe("the rate limiter counts attempts", () => {
  it("gives Authenticate and each retry a slot of its own", async () => {
    let calls = 0;
    const server = portalServer(() =>
      ++calls === 1 ? json({ error: "busy" }, 503, { "retry-after": "0" }) : json([]),
    );
    const { limiter, counts } = countingLimiter();
    await unwrap(clientOn(server, limiter).GET(genders));
    expect(server.requests).toHaveLength(3);
    expect(counts.acquired).toBe(3);
    expect(counts.held).toBe(0);
  });

  it("gives the replay after a 401, and the Authenticate before it, a slot each", async () => {
    const server = portalServer((_, token) =>
      token === sessionTokenFor(1) ? json({ message: "expired" }, 401) : json([]),
    );
    const { limiter, counts } = countingLimiter();
    await unwrap(clientOn(server, limiter).GET(genders));
    expect(server.requests).toHaveLength(4);
    expect(counts.acquired).toBe(4);
    expect(counts.held).toBe(0);
  });

  it("gives a resource method's attempts (its own per-call transport) slots too", async () => {
    const server = portalServer(() => json([]));
    const { limiter, counts } = countingLimiter();
    await clientOn(server, limiter).taxonomy.genders({ timeoutMs: 5_000 });
    expect(counts.acquired).toBe(2);
  });

  it("holds no slot while waiting for the session: 1 in flight does not deadlock", async () => {
    const server = portalServer(() => json([]));
    const client = clientOn(server, oneAtATime());
    const answers = Promise.all(Array.from({ length: 5 }, () => unwrap(client.GET(genders))));
    await expect(answers).resolves.toHaveLength(5);
    expect(server.requests).toHaveLength(6);
  });

  it("2 a minute: Authenticate and the first call fill the window, the second call waits", async () => {
    const server = portalServer(() => json([]));
    const client = clientOn(
      server,
      createRateLimiter({ windows: [{ requests: 2, perMs: 60_000 }] }),
    );
    await unwrap(client.GET(genders));
    const stop = new AbortController();
    const second = client.GET(genders, { signal: stop.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.to(genders)).toHaveLength(1);
    const reason = new Error("gave up waiting");
    stop.abort(reason);
    await expect(second).rejects.toBe(reason);
  });

  it("an aborted call leaves the queue at once: the slot goes to the next one", async () => {
    const server = portalServer(() => json([]));
    const client = clientOn(server, createRateLimiter({ windows: [{ requests: 2, perMs: 300 }] }));
    await unwrap(client.GET(genders)); // Authenticate and this call fill the window
    const stop = new AbortController();
    const aborted = client.GET(genders, { signal: stop.signal });
    const next = unwrap(client.GET(genders));
    const reason = new Error("left the queue");
    const started = performance.now();
    stop.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(50);
    await expect(next).resolves.toEqual([]);
    expect(server.to(genders)).toHaveLength(2);
  });
});

describe("the CESCE client's rateLimit", () => {
  const cesceBase = "http://127.0.0.1:9/classifications/v1";
  const tokenUrl = "http://127.0.0.1:9/oauth2/v1/token";
  const contractNo = "12345678901";
  const envelope = { error: { errorCode: "0", errorDescription: "" }, client: { contractNo } };
  /** A token endpoint and an API whose first answer is a 503 when `busyFirst`. */
  const cesceServer = (busyFirst: boolean) => {
    let calls = 0;
    return scriptedFetch((request) => {
      if (request.url === tokenUrl)
        return json({ access_token: "access-1", token_type: "Bearer", expires_in: 3600 });
      return ++calls === 1 && busyFirst
        ? json({ error: "busy" }, 503, { "retry-after": "0" })
        : json(envelope);
    });
  };
  const cesceOn = (server: ScriptedFetch, rateLimit: CesceOptions["rateLimit"]) =>
    createCesceClient({
      baseUrl: cesceBase,
      tokenUrl,
      credentials: cesceCredentials,
      fetch: server.fetch,
      rateLimit,
    });

  it("gives the token request and each attempt a slot, typed calls and methods alike", async () => {
    const server = cesceServer(true);
    const { limiter, counts } = countingLimiter();
    const client = cesceOn(server, limiter);
    await unwrap(
      client.GET("/contracts/{contractNo}/classifications", {
        params: { path: { contractNo }, query: { countryCode: "ES", taxCode: "B12345674" } },
      }),
    );
    // The token request, the 503 and its retry.
    expect(server.requests).toHaveLength(3);
    expect(counts.acquired).toBe(3);
    await client.classifications.query(contractNo, { countryCode: "ES", taxCode: "B12345674" });
    expect(counts.acquired).toBe(4);
    expect(counts.held).toBe(0);
  });

  it("2 a minute with the shorthand: the token request and the first call fill the window", async () => {
    const server = cesceServer(false);
    const client = cesceOn(server, { requestsPerMinute: 2 });
    const query = { countryCode: "ES", taxCode: "B12345674" } as const;
    await client.classifications.query(contractNo, query);
    const second = client.classifications.query(contractNo, query);
    const settled = await Promise.race([
      second.then(() => "answered"),
      new Promise((resolve) => setTimeout(() => resolve("waiting"), 200)),
    ]);
    expect(settled).toBe("waiting");
    expect(server.requests).toHaveLength(2);
    second.catch(() => undefined);
  });

  it("refuses a rateLimit that cannot work, at creation", () => {
    const server = cesceServer(false);
    expect(() => cesceOn(server, { requestsPerMinute: 0 })).toThrow(ConfigurationError);
  });
});
