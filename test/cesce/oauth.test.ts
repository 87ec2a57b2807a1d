/**
 * The CESCE token against token responses and stores that misbehave.
 */
import { describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { createTokenProvider, type TokenStore } from "../../src/cesce/oauth.ts";
import type { StoredToken } from "../../src/cesce/token-response.ts";
import { OAuthError, SdkError, StoreError } from "../../src/core/errors.ts";
import { memoryStore } from "../../src/core/memory-store.ts";
import { json, scriptedFetch } from "../helpers.ts";

const tokenUrl = "http://127.0.0.1:9/oauth2/v1/token";
const credentials = {
  clientId: "app-id",
  clientSecret: "app-secret-SECRET",
  username: "insured",
  password: "password-SECRET",
};
const t0 = Date.parse("2026-03-01T12:00:00Z");

/** A token endpoint answering `first` once, then numbered good tokens. */
function tokenEndpoint(first?: () => Response) {
  let issued = 0;
  return scriptedFetch(() => {
    issued++;
    if (issued === 1 && first) return first();
    return json({ access_token: `access-token-${issued}`, expires_in: 3600 });
  });
}

/** A store over memory that records its writes. */
function recordingStore() {
  const inner = memoryStore<StoredToken>();
  const writes: StoredToken[] = [];
  const store: TokenStore = {
    ...inner,
    set: (value) => {
      writes.push(value);
      return inner.set(value);
    },
  };
  return { store, inner, writes };
}

const provider = (
  endpoint: ReturnType<typeof scriptedFetch>,
  options: { store?: TokenStore; now?: () => number } = {},
) =>
  createTokenProvider({ tokenUrl, credentials, scope: "read", fetch: endpoint.fetch, ...options });

describe("createTokenProvider with a hostile token response", () => {
  it.each([
    ["null", () => json(null)],
    ["{}", () => json({})],
    ["204", () => new Response(null, { status: 204 })],
    ["a numeric access_token", () => json({ access_token: 42 })],
    ["an empty access_token", () => json({ access_token: "" })],
    ["a whitespace access_token", () => json({ access_token: "   " })],
    ["an access_token with a NUL", () => json({ access_token: "a\u0000b" })],
    ["an access_token with a line break", () => json({ access_token: "a\r\nb" })],
    ["an access_token past Latin-1", () => json({ access_token: "tök€n" })],
  ])("ends in OAuthError, stores nothing, and asks again on %s", async (_, answer) => {
    const endpoint = tokenEndpoint(answer);
    const recorded = recordingStore();
    const tokens = provider(endpoint, { store: recorded.store });
    const error = await tokens.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: "invalid_response" });
    expect(recorded.writes).toEqual([]);
    expect(await tokens.token()).toBe("access-token-2");
  });
});

describe("createTokenProvider with a hostile store", () => {
  it("treats a store answering null as empty", async () => {
    const endpoint = tokenEndpoint();
    const store: TokenStore = { get: () => null, set: () => undefined, delete: () => undefined };
    expect(await provider(endpoint, { store }).token()).toBe("access-token-1");
  });

  it.each([
    ["a numeric accessToken", { accessToken: 42, expiresAt: t0 + 1e6, renewAt: t0 + 1e6 }],
    [
      "an accessToken with a line break",
      { accessToken: "a\nb", expiresAt: t0 + 1e6, renewAt: t0 + 1e6 },
    ],
    ["no renewAt", { accessToken: "ok", expiresAt: t0 + 1e6 }],
    [
      "a numeric refreshToken",
      { accessToken: "ok", expiresAt: t0 + 1e6, renewAt: t0 + 1e6, refreshToken: 7 },
    ],
  ])("discards a stored value with %s and requests a token again", async (_, stored) => {
    const endpoint = tokenEndpoint();
    const recorded = recordingStore();
    await recorded.inner.set(stored as unknown as StoredToken);
    expect(await provider(endpoint, { store: recorded.store, now: () => t0 }).token()).toBe(
      "access-token-1",
    );
    expect(endpoint.requests).toHaveLength(1);
    expect(new URLSearchParams(await endpoint.requests[0]?.text()).get("grant_type")).toBe(
      "password",
    );
  });

  it("fails the call with StoreError when the store throws, and tries again on the next call", async () => {
    const endpoint = tokenEndpoint();
    let broken = true;
    const inner = memoryStore<StoredToken>();
    const store: TokenStore = {
      ...inner,
      get: () => {
        if (broken) throw new Error("connection lost while reading access-token-SECRET");
        return inner.get();
      },
    };
    const tokens = provider(endpoint, { store });
    const error = await tokens.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toBeInstanceOf(SdkError);
    expect(String(error)).not.toContain("SECRET");
    broken = false;
    expect(await tokens.token()).toBe("access-token-1");
  });
});

describe("createTokenProvider aborts", () => {
  it("sends no token request for a caller whose signal is already aborted", async () => {
    const endpoint = tokenEndpoint();
    const reason = new Error("gave up before");
    await expect(provider(endpoint).token(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(endpoint.requests).toHaveLength(0);
  });
});

describe("createCesceClient aborts", () => {
  it("sends nothing, not even the token request, for a signal already aborted", async () => {
    const api = tokenEndpoint();
    const client = createCesceClient({
      baseUrl: "http://127.0.0.1:9/classifications/v1",
      tokenUrl,
      credentials,
      fetch: api.fetch,
    });
    const reason = new Error("aborted before the call");
    const call = client.GET("/contracts/{contractNo}/classifications", {
      params: { path: { contractNo: "1" }, query: { countryCode: "ES", taxCode: "B1" } },
      signal: AbortSignal.abort(reason),
    });
    await expect(call).rejects.toBe(reason);
    expect(api.requests).toHaveLength(0);
  });
});

describe("createTokenProvider renewal", () => {
  it("requests a token at most once per half-lifetime when expires_in is 30 s", async () => {
    let time = t0;
    const endpoint = scriptedFetch(() => json({ access_token: "short-lived", expires_in: 30 }));
    const tokens = provider(endpoint, { now: () => time });
    for (let second = 0; second < 120; second++) {
      await tokens.token();
      time += 1000;
    }
    expect(endpoint.requests.length).toBeLessThanOrEqual(1 + 120 / 15);
  });
});
