/**
 * The pre-send check through the real clients: a request whose formatted fields fail is refused
 * before the transport, so the recording fetch sees nothing (not even the authentication) and
 * no rate-limit token is spent.
 */
import { describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { RequestValidationError } from "../../src/request-validation/request-validation-error.ts";
import { credentials, json, portalServer, scriptedFetch, withoutWaiting } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const borrowerPath = "/v1/processes/{processUniqueId}/borrower" as const;
const created = () => json({ borrowerUniqueID: "7a1c2e3f-4b5d-4c6e-8f90-a1b2c3d4e5f6" }, 201);
const borrower = (taxId: string, zipCode = "1999-001") => ({
  params: { path: { processUniqueId } },
  body: { borrowerTypeId: 1, personalData: { name: "Ana Martins", taxId, zipCode } },
});

async function refusal(promise: Promise<unknown>): Promise<RequestValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestValidationError);
  return error as RequestValidationError;
}

describe("Partners Portal pre-send check", () => {
  it("refuses a borrower with a wrong NIF before sending anything", async () => {
    const server = portalServer(created);
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: server.fetch });
    const error = await refusal(client.POST(borrowerPath, borrower("123456780")));
    expect(server.requests).toHaveLength(0);
    expect(error.issues).toEqual([
      {
        path: "body.personalData.taxId",
        format: "pt-nif",
        problem: "checksum",
        message: expect.any(String),
      },
    ]);
    expect(error.method).toBe("POST");
    expect(error.path).toBe(borrowerPath);
    expect(error.message).toMatch(/^Not sent: body\.personalData\.taxId is not a valid pt-nif/);
    expect(JSON.stringify(error) + error.message).not.toContain("123456780");
  });

  it("names every failing field and rule", async () => {
    const server = portalServer(created);
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: server.fetch });
    const error = await refusal(client.POST(borrowerPath, borrower("12345678", "1999001")));
    expect(error.issues.map((i) => [i.path, i.format, i.problem])).toEqual([
      ["body.personalData.taxId", "pt-nif", "length"],
      ["body.personalData.zipCode", "pt-postal-code", "format"],
    ]);
    const property = client.PUT("/v1/processes/{processUniqueId}/property/{propertyUniqueId}", {
      params: { path: { processUniqueId, propertyUniqueId: processUniqueId } },
      body: { zipCode: "0999-001" },
    });
    expect((await refusal(property)).issues[0]?.path).toBe("body.zipCode");
    expect(server.requests).toHaveLength(0);
  });

  it("sends valid values, and absent ones", async () => {
    const server = portalServer(created);
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: server.fetch });
    await unwrap(client.POST(borrowerPath, borrower("123456789")));
    await unwrap(
      client.POST(borrowerPath, {
        params: { path: { processUniqueId } },
        body: { borrowerTypeId: 1 },
      }),
    );
    expect(server.to("/borrower")).toHaveLength(2);
    expect(await server.to("/borrower")[0]?.json()).toMatchObject({
      personalData: { taxId: "123456789" },
    });
  });

  it("sends anything when validateRequests is false", async () => {
    const server = portalServer(created);
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      validateRequests: false,
    });
    await unwrap(client.POST(borrowerPath, borrower("123456780")));
    expect(server.to("/borrower")).toHaveLength(1);
  });

  it("never asks a custom rate limiter for a slot for a refused request", async () => {
    const server = portalServer(created);
    let acquired = 0;
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      rateLimit: {
        async acquire() {
          acquired++;
          return () => undefined;
        },
      },
    });
    await refusal(client.POST(borrowerPath, borrower("123456780")));
    expect(acquired).toBe(0);
    await unwrap(client.POST(borrowerPath, borrower("123456789")));
    // Authenticate and the call: every request sent takes a slot.
    expect(acquired).toBe(2);
  });

  it("leaves a call aborted before it started to reject with the abort's reason", async () => {
    const server = portalServer(created);
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: server.fetch });
    const reason = new Error("cancelled by the caller");
    const call = client.POST(borrowerPath, {
      ...borrower("123456780"),
      signal: AbortSignal.abort(reason),
    });
    await expect(call).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it("spends no rate-limit token on a refused request", async () => {
    const server = portalServer(created);
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: server.fetch,
      rateLimit: { requestsPerMinute: 2 },
    });
    await refusal(client.POST(borrowerPath, borrower("123456780")));
    // With both slots of the minute still there (Authenticate's and the call's), it goes at once.
    await withoutWaiting(unwrap(client.POST(borrowerPath, borrower("123456789"))));
    expect(server.to("/borrower")).toHaveLength(1);
  });
});

describe("CESCE pre-send check", () => {
  const cesceCredentials = { clientId: "a", clientSecret: "b", username: "c", password: "d" };
  const envelope = json({ error: { errorCode: "0", errorDescription: "" }, debtor: [] });
  const cesceServer = () =>
    scriptedFetch((request) =>
      new URL(request.url).pathname.endsWith("/token")
        ? json({ access_token: "t", token_type: "Bearer", expires_in: 3600 })
        : envelope.clone(),
    );
  const cesceClient = (fetch: typeof globalThis.fetch, validateRequests?: boolean) =>
    createCesceClient({
      baseUrl: `${baseUrl}/classifications/v1`,
      tokenUrl: `${baseUrl}/oauth2/v1/token`,
      credentials: cesceCredentials,
      fetch,
      ...(validateRequests === undefined ? {} : { validateRequests }),
    });
  const path = "/contracts/{contractNo}/classifications" as const;
  const query = (countryCode: string, taxCode: string) => ({
    params: { path: { contractNo: "12345678901" }, query: { countryCode, taxCode } },
  });

  it("refuses a Spanish debtor's wrong tax code in the query or the body, sending nothing", async () => {
    const server = cesceServer();
    const client = cesceClient(server.fetch);
    const inQuery = await refusal(client.GET(path, query("ES", "B12345675")));
    expect(inQuery.issues).toMatchObject([
      { path: "query.taxCode", format: "es-tax-id", problem: "checksum" },
    ]);
    const inBody = client.POST(`${path}/cancel`, {
      params: { path: { contractNo: "12345678901" } },
      body: { debtor: { countryCode: "ES", taxCode: "12345678A" } },
    });
    expect((await refusal(inBody)).issues[0]?.path).toBe("body.debtor.taxCode");
    expect(server.requests).toHaveLength(0);
  });

  it("leaves a foreign debtor's tax code to CESCE", async () => {
    const server = cesceServer();
    await unwrap(cesceClient(server.fetch).GET(path, query("FR", "FR40303265045")));
    expect(server.to("/classifications")).toHaveLength(1);
  });

  it("sends anything when validateRequests is false", async () => {
    const server = cesceServer();
    await unwrap(cesceClient(server.fetch, false).GET(path, query("ES", "B12345675")));
    expect(server.to("/classifications")).toHaveLength(1);
    expect(new URL(server.to("/classifications")[0]?.url ?? "").searchParams.get("taxCode")).toBe(
      "B12345675",
    );
  });
});
