/**
 * `ConnectionError` names the system error code and the host:port it could not reach, with the
 * method and path: never a credential, a token or the query string.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { ConnectionError } from "../../src/core/errors.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { cesceSecrets, credentials, json, scriptedFetch } from "../helpers.ts";

/** A loopback port nothing listens on (a server's, closed again). */
async function refusingPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const classifications = "/contracts/{contractNo}/classifications" as const;

/** The way undici reports a failed connection: a TypeError whose cause holds the code. */
const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });
const systemError = (code: string) =>
  Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });

function expectNoSecret(error: unknown): void {
  for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 0 })])
    for (const secret of ["SECRET", "session-token", "access-token", "taxCode", "B1234"])
      expect(text).not.toContain(secret);
}

describe("ConnectionError's message", () => {
  it("names ECONNREFUSED and 127.0.0.1:<port> for a real refused connection", async () => {
    const port = await refusingPort();
    const client = createPartnersPortalClient({
      baseUrl: `http://127.0.0.1:${port}`,
      credentials,
      maxRetries: 0,
    });
    const error = await unwrap(client.GET("/v1/taxonomy/genders")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(
      `Request failed: ECONNREFUSED 127.0.0.1:${port} (POST /v1/authentication)`,
    );
    expectNoSecret(error);
  });

  it("names the code inside an AggregateError, the default https port, and no query", async () => {
    const server = scriptedFetch((request) => {
      if (request.url.endsWith("/token"))
        return json({ access_token: "access-token-1", token_type: "Bearer", expires_in: 3600 });
      throw fetchFailed(new AggregateError([systemError("ETIMEDOUT"), systemError("ENETUNREACH")]));
    });
    const cesce = createCesceClient({
      baseUrl: "https://api.example.com/classifications/v1",
      tokenUrl: "https://api.example.com/oauth2/v1/token",
      credentials: cesceSecrets,
      fetch: server.fetch,
      maxRetries: 0,
      validateRequests: false,
    });
    const error = await cesce
      .GET(classifications, {
        params: { path: { contractNo: "1" }, query: { countryCode: "ES", taxCode: "B1234" } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(
      "Request failed: ETIMEDOUT api.example.com:443 (GET /classifications/v1/contracts/1/classifications)",
    );
    expectNoSecret(error);
  });

  it("leaves out a code that is not a system error code", async () => {
    const server = scriptedFetch(() => {
      throw fetchFailed({ code: "client-secret-SECRET2 leaked" });
    });
    const client = createPartnersPortalClient({
      baseUrl: "http://127.0.0.1:9",
      credentials,
      fetch: server.fetch,
      maxRetries: 0,
    });
    const error = await unwrap(client.GET("/v1/taxonomy/genders")).catch((e: unknown) => e);
    expect((error as Error).message).toBe("Request failed: 127.0.0.1:9 (POST /v1/authentication)");
  });
});
