import { describe, expect, it } from "vitest";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, taxonomyServer } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const api = taxonomyServer;

describe("createRateLimiter", () => {
  it("spaces requests beyond the bucket at the configured rate", async () => {
    const server = api();
    // 600 a minute: a bucket of 600, then one token every 100 ms.
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      taxonomyCacheTtlMs: 0,
      rateLimit: { requestsPerMinute: 600 },
    });
    const started = performance.now();
    await Promise.all(Array.from({ length: 602 }, () => client.GET("/v1/taxonomy/genders")));
    const elapsed = performance.now() - started;
    expect(server.to("/genders")).toHaveLength(602);
    expect(elapsed).toBeGreaterThanOrEqual(190);
  });

  it("lets a burst within the bucket through without waiting", async () => {
    const server = api();
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      taxonomyCacheTtlMs: 0,
      rateLimit: { requestsPerMinute: 100 },
    });
    const started = performance.now();
    await Promise.all(Array.from({ length: 100 }, () => client.GET("/v1/taxonomy/genders")));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
