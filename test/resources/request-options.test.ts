import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigurationError, InternalServerError, TimeoutError } from "../../src/core/errors.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, portalServer } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const simulationUniqueId = "6098c82f-a840-46f0-a93f-59bdc8daf0d0";
const stall = (request: Request) =>
  new Promise<Response>((_, reject) =>
    request.signal.addEventListener("abort", () => reject(request.signal.reason)),
  );

describe("per-call options", () => {
  it("send this call's headers, and only with this call (the next call gets its own correlationId)", async () => {
    const api = portalServer(() => json([]));
    const portal = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    await portal.taxonomy.genders({ headers: { correlationId: "123456789" } });
    await portal.taxonomy.countries();
    const [first, second] = api.to("/v1/taxonomy/genders").concat(api.to("/countries"));
    expect(first?.headers.get("correlationId")).toBe("123456789");
    expect(second?.headers.get("correlationId")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("abort the call with the caller's signal and reason", async () => {
    const api = portalServer(stall);
    const portal = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const call = portal.simulations.retrieve(simulationUniqueId, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(call).rejects.toBe(reason);
  });

  it("end this call at its own timeoutMs, whatever the client's", async () => {
    const api = portalServer(stall);
    const portal = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    const started = performance.now();
    const call = portal.simulations.retrieve(simulationUniqueId, { timeoutMs: 50, maxRetries: 0 });
    await expect(call).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(5_000); // the client's default is 30 s
  });

  it("retry this call as often as its maxRetries says, and the next call as the client says", async () => {
    const api = portalServer(() =>
      json({ error: "down", message: "down" }, 503, { "retry-after": "0" }),
    );
    const portal = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: api.fetch,
      maxRetries: 2,
    });
    const sent = () => api.to(`/v1/simulations/${simulationUniqueId}`).length;
    await expect(
      portal.simulations.retrieve(simulationUniqueId, { maxRetries: 0 }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(sent()).toBe(1);
    await expect(portal.simulations.retrieve(simulationUniqueId)).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(sent()).toBe(4);
    await expect(
      portal.simulations.retrieve(simulationUniqueId, { maxRetries: 1 }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(sent()).toBe(6);
  });

  it("refuse a timeout or retry budget that is not a number, before sending", async () => {
    const api = portalServer(() => json([]));
    const portal = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    await expect(portal.taxonomy.genders({ timeoutMs: -1 })).rejects.toThrow(
      new ConfigurationError(
        "taxonomy.genders: options.timeoutMs must be a number of milliseconds above 0 and at most 2147483647",
      ),
    );
    await expect(portal.taxonomy.genders({ maxRetries: 1.5 })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    // @ts-expect-error: the options are an object
    await expect(portal.taxonomy.genders("fast")).rejects.toBeInstanceOf(ConfigurationError);
    expect(api.requests).toHaveLength(0);
  });
});

describe("per-call timeoutMs and maxRetries on the wire", () => {
  const seen: { url: string; headers: string[] }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    if (request.url !== "/v1/authentication")
      seen.push({ url: request.url ?? "", headers: request.rawHeaders });
    response.setHeader("content-type", "application/json");
    response.end(request.url === "/v1/authentication" ? '{"sessionToken":"t"}' : "[]");
  });
  afterEach(() => {
    server.close();
  });

  it("never reach the server: the request is the same as without them", async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const portal = createPartnersPortalClient({
      baseUrl: `http://127.0.0.1:${port}`,
      credentials,
      taxonomyCacheTtlMs: 0,
      // Fixed, so that both requests are otherwise alike (the default is a UUID per call).
      correlationId: "B12345678",
    });
    await portal.taxonomy.genders();
    await portal.taxonomy.genders({ timeoutMs: 987_654, maxRetries: 5 });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(JSON.stringify(seen[1])).not.toMatch(/987654|timeout|retr/i);
  });
});
