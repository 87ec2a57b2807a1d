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
  const routes = [
    { method: "GET", path: "/v1/things", idempotent: true },
    { method: "POST", path: "/v1/things", idempotent: false },
    { method: "POST", path: "/v1/things/search", idempotent: true },
  ];
  /** A skeleton whose server fails every first attempt with a 503, then answers 200. */
  function flakySkeleton(baseUrl = "http://127.0.0.1:9/") {
    const api = scriptedFetch((_, seen) =>
      seen % 2 === 1 ? json({}, 503, { "retry-after": "0" }) : json({ ok: 1 }),
    );
    const settings = { fetch: api.fetch, maxRetries: 1 };
    return { api, skeleton: createClientSkeleton({ baseUrl, settings, routes }) };
  }

  it("refuses a plain-http base URL off loopback, and drops a trailing slash", () => {
    expect(() =>
      createClientSkeleton({ baseUrl: "http://example.com", settings: {}, routes }),
    ).toThrow(SdkError);
    expect(flakySkeleton().skeleton.baseUrl).toBe("http://127.0.0.1:9");
  });

  it("retries what the spec marks idempotent and sends the rest once", async () => {
    const { api, skeleton } = flakySkeleton();
    const client = skeleton.client<Paths>() as unknown as {
      request(method: string, path: string): Promise<{ response: Response }>;
    };
    expect((await client.request("get", "/v1/things")).response.status).toBe(200);
    expect((await client.request("post", "/v1/things/search")).response.status).toBe(200);
    expect((await client.request("post", "/v1/things")).response.status).toBe(503);
    expect(api.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "GET /v1/things",
      "GET /v1/things",
      "POST /v1/things/search",
      "POST /v1/things/search",
      "POST /v1/things",
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
