/**
 * A caller's signal rejects the call at once, with its own reason, while the transport waits:
 * during backoff (a server asking for 30 s) and in the rate limiter's queue; a signal already
 * aborted sends nothing and takes no slot. Real clients, real loopback servers.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import type { RateLimiter } from "../../src/core/rate-limit.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { cesceCredentials, credentials } from "../helpers.ts";
import {
  closeFaultServers,
  type FaultServer,
  portal,
  sendJson,
  startFaultServer,
} from "../reliability/fault-server.ts";

afterEach(closeFaultServers);

const genders = "/v1/taxonomy/genders";
const busy = (res: Parameters<typeof sendJson>[0]) =>
  sendJson(res, 503, { error: "busy" }, { "retry-after": "30" });

/** Aborts `controller` with `reason` once `server` has seen a request to `path`. */
async function abortAfterHit(
  server: FaultServer,
  path: string,
  controller: AbortController,
  reason: unknown,
) {
  while (server.count(path) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const at = performance.now();
  controller.abort(reason);
  return at;
}

describe("aborts in the transport", () => {
  it("rejects at once with the caller's reason during backoff (Partners Portal)", async () => {
    const server = await startFaultServer(portal((_, res) => busy(res)));
    const client = createPartnersPortalClient({
      baseUrl: server.url,
      credentials,
      taxonomyCacheTtlMs: 0,
    });
    const controller = new AbortController();
    const reason = new Error("caller stopped");
    const call = client.GET(genders, { signal: controller.signal });
    const abortedAt = await abortAfterHit(server, genders, controller, reason);
    await expect(call).rejects.toBe(reason);
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(server.count(genders)).toBe(1);
  });

  it("rejects at once during backoff in a resource method and on CESCE", async () => {
    const server = await startFaultServer((hit, res) => {
      if (hit.path === "/oauth2/v1/token")
        return sendJson(res, 200, { access_token: "a", token_type: "Bearer", expires_in: 3600 });
      return busy(res);
    });
    const cesce = createCesceClient({
      baseUrl: `${server.url}/classifications/v1`,
      tokenUrl: `${server.url}/oauth2/v1/token`,
      credentials: cesceCredentials,
    });
    const controller = new AbortController();
    const reason = new Error("caller stopped");
    const call = cesce.classifications.query(
      "12345678901",
      { countryCode: "ES", taxCode: "B12345674" },
      { signal: controller.signal },
    );
    const path = "/classifications/v1/contracts/12345678901/classifications";
    const abortedAt = await abortAfterHit(server, path, controller, reason);
    await expect(call).rejects.toBe(reason);
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
  });

  it("rejects at once with the caller's reason while waiting in the limiter's queue", async () => {
    const server = await startFaultServer(portal((_, res) => sendJson(res, 200, [])));
    const client = createPartnersPortalClient({
      baseUrl: server.url,
      credentials,
      taxonomyCacheTtlMs: 0,
      rateLimit: { requestsPerMinute: 1 },
    });
    const controller = new AbortController();
    const reason = new Error("caller stopped");
    // Authenticate takes the minute's only slot; the call waits for the next minute.
    const call = client.GET(genders, { signal: controller.signal });
    await abortAfterHit(server, "/v1/authentication", controller, reason);
    await expect(call).rejects.toBe(reason);
    expect(server.count(genders)).toBe(0);
  });

  it("an already-aborted signal sends nothing and takes no slot", async () => {
    const server = await startFaultServer(portal((_, res) => sendJson(res, 200, [])));
    let acquired = 0;
    const rateLimit: RateLimiter = {
      async acquire() {
        acquired++;
        return () => undefined;
      },
    };
    const client = createPartnersPortalClient({ baseUrl: server.url, credentials, rateLimit });
    const reason = new Error("already stopped");
    await expect(client.GET(genders, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(client.taxonomy.genders({ signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(server.hits).toEqual([]);
    expect(acquired).toBe(0);
  });
});
