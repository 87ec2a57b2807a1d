import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/core/errors.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, scriptedFetch, taxonomyGenders, taxonomyServer } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const genders = taxonomyGenders;
const api = taxonomyServer;

describe("createTaxonomyCache", () => {
  it("answers a repeated taxonomy GET from memory within the TTL", async () => {
    const server = api();
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: server.fetch });
    const first = await client.GET("/v1/taxonomy/genders");
    const second = await client.GET("/v1/taxonomy/genders");
    expect(first.data).toEqual(genders);
    expect(second.data).toEqual(genders);
    expect(server.to("/genders")).toHaveLength(1);
  });

  it("asks the API again once the TTL has passed", async () => {
    const server = api();
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      taxonomyCacheTtlMs: 20,
    });
    await client.GET("/v1/taxonomy/genders");
    await new Promise((resolve) => setTimeout(resolve, 40));
    await client.GET("/v1/taxonomy/genders");
    expect(server.to("/genders")).toHaveLength(2);
  });

  it("keeps one entry per language", async () => {
    const server = api();
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: server.fetch });
    await client.GET("/v1/taxonomy/genders", { headers: { "Accept-Language": "pt-PT" } });
    await client.GET("/v1/taxonomy/genders", { headers: { "Accept-Language": "en-GB" } });
    await client.GET("/v1/taxonomy/genders", { headers: { "Accept-Language": "pt-PT" } });
    expect(server.to("/genders").map((r) => r.headers.get("accept-language"))).toEqual([
      "pt-PT",
      "en-GB",
    ]);
  });

  it("does not cache when the TTL is 0, nor non-taxonomy GETs", async () => {
    const server = api();
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      taxonomyCacheTtlMs: 0,
    });
    await client.GET("/v1/taxonomy/genders");
    await client.GET("/v1/taxonomy/genders");
    expect(server.to("/genders")).toHaveLength(2);
    const cached = createPartnersPortalClient({ baseUrl, credentials, fetch: server.fetch });
    const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
    await cached.GET("/v1/processes/{processUniqueId}", { params: { path: { processUniqueId } } });
    await cached.GET("/v1/processes/{processUniqueId}", { params: { path: { processUniqueId } } });
    expect(server.to(`/${processUniqueId}`)).toHaveLength(2);
  });

  it("sends the configured language as Accept-Language", async () => {
    const server = api();
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      language: "pt-PT",
    });
    await client.GET("/v1/taxonomy/countries");
    expect(server.to("/countries")[0]?.headers.get("accept-language")).toBe("pt-PT");
  });

  it("never caches an unparseable 200: every call asks again and ends in the same ApiError", async () => {
    const server = scriptedFetch((request) =>
      new URL(request.url).pathname === "/v1/authentication"
        ? json({ sessionToken: "t" })
        : new Response('[{"id": 1, "descr', { headers: { "content-type": "application/json" } }),
    );
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: server.fetch });
    const errors = [];
    for (let call = 0; call < 3; call++)
      errors.push(await client.GET("/v1/taxonomy/genders").catch((e: unknown) => e));
    for (const error of errors) {
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 200, path: "/v1/taxonomy/genders" });
      expect((error as Error).message).toBe((errors[0] as Error).message);
    }
    expect(server.to("/genders")).toHaveLength(3);
  });
});
