import { describe, expect, it } from "vitest";
import { createClientSkeleton } from "../../src/core/client.ts";
import { SdkError } from "../../src/core/errors.ts";
import { createRouteMatcher } from "../../src/core/routes.ts";
import { json, scriptedFetch } from "../helpers.ts";

type Paths = Record<string, never>;

describe("createRouteMatcher", () => {
  const routes = [
    { method: "GET", path: "/v1/items/{id}", name: "get" },
    { method: "GET", path: "/v1/items/latest", name: "latest" },
    { method: "POST", path: "/v1/items", name: "create" },
  ];
  const matcher = createRouteMatcher(routes, "https://api.example.com/base/");

  it("finds the route of a method and a path under the base URL's path", () => {
    expect(matcher.find("GET", "/base/v1/items/42")?.name).toBe("get");
    expect(matcher.find("POST", "/base/v1/items/")?.name).toBe("create");
  });

  it("prefers a concrete path to a templated one that also matches", () => {
    expect(matcher.find("GET", "/base/v1/items/latest")?.name).toBe("latest");
  });

  it("finds nothing for another method, another base path or an extra segment", () => {
    expect(matcher.find("DELETE", "/base/v1/items/42")).toBeUndefined();
    expect(matcher.find("GET", "/v1/items/42")).toBeUndefined();
    expect(matcher.find("GET", "/base/v1/items/42/more")).toBeUndefined();
  });
});

describe("createClientSkeleton", () => {
  const idempotencyExceptions = [
    { method: "POST", path: "/v1/things/search", idempotent: true },
    { method: "GET", path: "/v1/things/{id}/email", idempotent: false },
  ];
  /** A skeleton whose server answers the first request to each method and path with a 503. */
  function flakySkeleton(baseUrl = "http://127.0.0.1:9/") {
    const failed = new Set<string>();
    const api = scriptedFetch((request) => {
      const key = `${request.method} ${request.url}`;
      if (failed.has(key)) return json({ ok: 1 });
      failed.add(key);
      return json({}, 503, { "retry-after": "0" });
    });
    const settings = { fetch: api.fetch, maxRetries: 1 };
    return { api, skeleton: createClientSkeleton({ baseUrl, settings, idempotencyExceptions }) };
  }

  it("refuses a plain-http base URL off loopback, and drops a trailing slash", () => {
    expect(() =>
      createClientSkeleton({ baseUrl: "http://example.com", settings: {}, idempotencyExceptions }),
    ).toThrow(SdkError);
    expect(flakySkeleton().skeleton.baseUrl).toBe("http://127.0.0.1:9");
  });

  it("retries an idempotent method or a spec exception, and sends the rest once", async () => {
    const { api, skeleton } = flakySkeleton();
    const client = skeleton.client<Paths>() as unknown as {
      request(method: string, path: string): Promise<{ response: Response }>;
    };
    expect((await client.request("get", "/v1/things")).response.status).toBe(200);
    expect((await client.request("post", "/v1/things/search")).response.status).toBe(200);
    expect((await client.request("post", "/v1/things")).response.status).toBe(503);
    expect((await client.request("get", "/v1/things/7/email")).response.status).toBe(503);
    expect(api.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "GET /v1/things",
      "GET /v1/things",
      "POST /v1/things/search",
      "POST /v1/things/search",
      "POST /v1/things",
      "GET /v1/things/7/email",
    ]);
  });

  it("attaches the token source's token and lets a side transport choose its own rule", async () => {
    const { api, skeleton } = flakySkeleton();
    const tokens = { token: async () => "tok", invalidate: async () => undefined };
    const send = skeleton.transport(tokens, () => true);
    const response = await send(new Request("http://127.0.0.1:9/elsewhere", { method: "POST" }));
    expect(response.status).toBe(200);
    expect(api.requests.map((r) => r.headers.get("authorization"))).toEqual([
      "Bearer tok",
      "Bearer tok",
    ]);
  });
});
