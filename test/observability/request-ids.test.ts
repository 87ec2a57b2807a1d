/**
 * Request ids, correlation ids and the quota: on every `ApiError`, every `response` event and
 * every resource-method result's metadata; `client.quota()` and the `quota` event.
 */
import { describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { ApiError, ConnectionError, TimeoutError } from "../../src/core/errors.ts";
import type { SdkEvent } from "../../src/core/transport.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { responseMetadata } from "../../src/observability/metadata.ts";
import { isLowQuota, quotaOf } from "../../src/observability/quota.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, portalServer, scriptedFetch } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function portalAnswering(response: () => Response, options: object = {}) {
  const events: SdkEvent[] = [];
  const api = portalServer(response);
  const portal = createPartnersPortalClient({
    ...{ baseUrl, credentials, fetch: api.fetch, taxonomyCacheTtlMs: 0, tracing: false },
    ...{ logLevel: "off", onEvent: (event) => events.push(event) },
    ...options,
  });
  return { api, portal, events };
}

describe("request ids", () => {
  it.each([
    ["x-request-id", "req-1"],
    ["x-correlation-id", "corr-2"],
    ["X-Global-Transaction-Id", "4d1e2f3a0000"],
  ])("reads %s into errors, response events and result metadata", async (header, id) => {
    const ok = portalAnswering(() => json([{ id: 1 }], 200, { [header]: id }));
    const genders = await ok.portal.taxonomy.genders();
    expect(responseMetadata(genders)).toMatchObject({
      status: 200,
      requestId: id,
      operationId: "getGenders",
    });
    expect(
      ok.events.find((e) => e.type === "response" && e.path.endsWith("genders")),
    ).toMatchObject({ requestId: id });

    const failed = portalAnswering(() =>
      json({ error: "Not Found", message: "no" }, 404, { [header]: id }),
    );
    const error = await failed.portal.taxonomy.genders().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ requestId: id });
  });

  it("gives what unwrap returns the same metadata as a method's result", async () => {
    const ok = portalAnswering(() => json([{ id: 1 }], 200, { "x-request-id": "req-9" }));
    const genders = await unwrap(ok.portal.GET("/v1/taxonomy/genders"));
    expect(responseMetadata(genders)).toMatchObject({
      status: 200,
      requestId: "req-9",
      operationId: "getGenders",
    });
    expect(responseMetadata({ id: 1 })).toBeUndefined(); // guard: only results are known
  });

  it("gives CESCE's IBM API Connect transaction id to errors and results", async () => {
    const transaction = { "x-global-transaction-id": "a1b2c3d4e5" };
    let answer = json(
      { error: { errorCode: "0", errorDescription: "" }, debtor: [] },
      200,
      transaction,
    );
    const api = scriptedFetch((request) =>
      request.url.endsWith("/token")
        ? json({ access_token: "a", token_type: "Bearer", expires_in: 3600 })
        : answer,
    );
    const cesce = createCesceClient({
      ...{ baseUrl: `${baseUrl}/v1`, tokenUrl: `${baseUrl}/token`, fetch: api.fetch },
      ...{ credentials: { clientId: "a", clientSecret: "b", username: "c", password: "d" } },
      ...{ validateRequests: false, tracing: false },
    });
    const found = await cesce.classifications.query("1", {});
    expect(responseMetadata(found)?.requestId).toBe("a1b2c3d4e5");
    answer = json({ error: { errorCode: "RAD0001", errorDescription: "No" } }, 400, transaction);
    await expect(cesce.classifications.query("1", {})).rejects.toMatchObject({
      requestId: "a1b2c3d4e5",
    });
  });
});

describe("correlationId", () => {
  it("sends a new UUID with each call, and quotes it in events, metadata and errors", async () => {
    const { api, portal, events } = portalAnswering(() => json([]));
    const first = await portal.taxonomy.genders();
    await portal.taxonomy.genders();
    const sent = api.to("genders").map((request) => request.headers.get("correlationId"));
    expect(sent[0]).toMatch(uuid);
    expect(sent[1]).toMatch(uuid);
    expect(sent[1]).not.toBe(sent[0]);
    expect(responseMetadata(first)?.correlationId).toBe(sent[0]);
    const responses = events.flatMap((e) =>
      e.type === "response" && e.path.endsWith("genders") ? [e.correlationId] : [],
    );
    expect(responses).toEqual(sent);
  });

  it("takes the caller's own, per call or from a correlationId() option", async () => {
    let n = 0;
    const { api, portal } = portalAnswering(() => json([]), {
      correlationId: () => `ticket-${++n}`,
    });
    await portal.taxonomy.genders();
    await portal.taxonomy.genders({ correlationId: "mine" });
    await portal.GET("/v1/taxonomy/genders", { params: { header: { correlationId: "typed" } } });
    const sent = api.to("genders").map((request) => request.headers.get("correlationId"));
    // ticket-2 went with the Authenticate the first call waited for.
    expect(sent).toEqual(["ticket-1", "mine", "typed"]);
    await expect(portal.taxonomy.genders({ correlationId: "a\r\nb" })).rejects.toThrow(
      /correlationId/,
    );
  });

  it("is on the errors of a call without a response", async () => {
    const refused = scriptedFetch(() => Promise.reject(new TypeError("fetch failed")));
    const portal = createPartnersPortalClient({
      ...{ baseUrl, credentials, fetch: refused.fetch, maxRetries: 0, logLevel: "off" },
      correlationId: "B12345678",
    });
    const error = await portal.taxonomy.genders().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ correlationId: "B12345678" });

    const stalled = scriptedFetch((request) =>
      request.url.endsWith("/authentication")
        ? json({ sessionToken: "t" })
        : new Promise((_, reject) =>
            request.signal.addEventListener("abort", () => reject(request.signal.reason)),
          ),
    );
    const slow = createPartnersPortalClient({
      ...{
        baseUrl,
        credentials,
        fetch: stalled.fetch,
        maxRetries: 0,
        logLevel: "off",
        timeoutMs: 20,
      },
      correlationId: "B12345678",
    });
    const timeout = await slow.taxonomy.genders().catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout).toMatchObject({ correlationId: "B12345678" });
  });
});

describe("quota", () => {
  it("counts as low under a tenth of the limit, not at it", () => {
    expect(isLowQuota({ limit: 100, remaining: 9 })).toBe(true);
    expect(isLowQuota({ limit: 100, remaining: 10 })).toBe(false);
    expect(quotaOf(new Headers({ "x-ratelimit-limit": "100" }))).toBeUndefined();
    expect(
      quotaOf(new Headers({ "x-ratelimit-limit": "1e3", "x-ratelimit-remaining": "5" })),
    ).toBeUndefined();
  });

  it("is undefined before any response reports it, then the last reported", async () => {
    let remaining = 87;
    const { portal, events } = portalAnswering(() =>
      json([], 200, {
        "x-ratelimit-limit": "100",
        "x-ratelimit-remaining": String(remaining--),
        "x-ratelimit-reset": "1705410600",
      }),
    );
    expect(portal.quota()).toBeUndefined();
    await portal.taxonomy.genders();
    await portal.taxonomy.genders();
    expect(portal.quota()).toEqual({ limit: 100, remaining: 86, reset: 1705410600 });
    const quotas = events.filter((e) => e.type === "quota");
    expect(quotas).toEqual([
      expect.objectContaining({
        type: "quota",
        operationId: "getGenders",
        limit: 100,
        remaining: 87,
      }),
      expect.objectContaining({
        type: "quota",
        operationId: "getGenders",
        limit: 100,
        remaining: 86,
      }),
    ]);
  });

  it("reads a 429's headers too, and ignores unreadable values", async () => {
    let calls = 0;
    const { portal } = portalAnswering(() =>
      ++calls === 1
        ? json({ retryAfter: 0 }, 429, {
            "x-ratelimit-limit": "100",
            "x-ratelimit-remaining": "0",
            "retry-after": "0",
          })
        : json([], 200, { "x-ratelimit-limit": "lots", "x-ratelimit-remaining": "5" }),
    );
    await portal.taxonomy.genders();
    expect(portal.quota()).toEqual({ limit: 100, remaining: 0 });
  });
});
