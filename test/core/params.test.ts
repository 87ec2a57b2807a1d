/**
 * Path parameters are one segment, always, and query parameters cannot inject others: through
 * both clients, against a scripted fetch that records everything sent.
 */
import { describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { SdkError } from "../../src/core/errors.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { cesceCredentials, credentials, json, portalServer, scriptedFetch } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const borrowerPath = "/v1/processes/{processUniqueId}/borrower/{borrowerUniqueId}" as const;

function portal() {
  const api = portalServer(() => new Response(null, { status: 204 }));
  const client = createPartnersPortalClient({
    baseUrl,
    credentials,
    fetch: api.fetch,
    maxRetries: 0,
  });
  return { api, client };
}

function cesce() {
  const api = scriptedFetch((request) =>
    request.url.endsWith("/token")
      ? json({ access_token: "access", expires_in: 3600 })
      : json({ error: { errorCode: "0" } }),
  );
  const client = createCesceClient({
    baseUrl: `${baseUrl}/classifications/v1`,
    tokenUrl: `${baseUrl}/token`,
    credentials: cesceCredentials,
    fetch: api.fetch,
  });
  return { api, client };
}

const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("path parameters", () => {
  const refused: [string, unknown][] = [
    ["an empty array", []],
    ["an array", ["a", "b"]],
    ["an array holding ..", [".."]],
    ["an object", { id: "x" }],
    ["null", null],
    ["undefined", undefined],
    ["true", true],
    ["false", false],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["an empty string", ""],
    ["a bigint", 1n],
    ["%2e", "%2e"],
    ["%2E%2e", "%2E%2e"],
    [".%2e", ".%2e"],
    ["%252e%252e (encoded twice)", "%252e%252e"],
  ];

  it.each(refused)(
    "refuses %s with SdkError and sends nothing, not even Authenticate",
    async (_, value) => {
      const { api, client } = portal();
      const error = await failureOf(
        client.DELETE(borrowerPath, {
          params: { path: { processUniqueId, borrowerUniqueId: value as string } },
        }),
      );
      expect(error).toBeInstanceOf(SdkError);
      expect((error as Error).message).toMatch(/^Path parameter borrowerUniqueId /);
      expect(api.requests).toHaveLength(0);
    },
  );

  it("refuses a call without path parameters on a path that has them, sending nothing", async () => {
    const { api, client } = portal();
    const error = await failureOf(client.DELETE(borrowerPath, {} as never));
    expect(error).toBeInstanceOf(SdkError);
    expect(api.requests).toHaveLength(0);
  });

  it("refuses the same values on the CESCE client", async () => {
    const { api, client } = cesce();
    for (const [, contractNo] of refused) {
      const error = await failureOf(
        client.GET("/contracts/{contractNo}/classifications", {
          params: {
            path: { contractNo: contractNo as string },
            query: { countryCode: "ES", taxCode: "X" },
          },
        }),
      );
      expect(error).toBeInstanceOf(SdkError);
    }
    expect(api.requests).toHaveLength(0);
  });

  it("sends a finite number, zero included, as its own segment", async () => {
    const { api, client } = portal();
    await client.DELETE(borrowerPath, {
      params: { path: { processUniqueId, borrowerUniqueId: 0 as unknown as string } },
    });
    expect(new URL(api.to("/0")[0]?.url ?? "").pathname).toBe(
      `/v1/processes/${processUniqueId}/borrower/0`,
    );
  });
});

describe("query parameters", () => {
  const classifications = "/contracts/{contractNo}/classifications" as const;

  it("encodes a query parameter's name, so it cannot inject another parameter", async () => {
    const { api, client } = cesce();
    await client.GET(classifications, {
      params: {
        path: { contractNo: "1" },
        query: { countryCode: "ES", "taxCode&countryCode=PT": "B1&x=y" } as never,
      },
    });
    const sent = new URL(api.requests.at(-1)?.url ?? "").searchParams;
    expect([...sent.entries()]).toEqual([
      ["countryCode", "ES"],
      ["taxCode&countryCode=PT", "B1&x=y"],
    ]);
  });

  it.each([
    ["an array", ["ES", "PT"]],
    ["an object", { code: "ES" }],
    ["NaN", Number.NaN],
    ["a lone surrogate", "\ud800"],
  ])("refuses %s as a query value with SdkError, sending nothing", async (_, countryCode) => {
    const { api, client } = cesce();
    const error = await failureOf(
      client.GET(classifications, {
        params: { path: { contractNo: "1" }, query: { countryCode, taxCode: "B1" } as never },
      }),
    );
    expect(error).toBeInstanceOf(SdkError);
    expect(api.requests).toHaveLength(0);
  });

  it("leaves out undefined and null, and sends numbers and booleans as text", async () => {
    const { api, client } = cesce();
    await client.GET(classifications, {
      params: {
        path: { contractNo: "1" },
        query: { countryCode: undefined, taxCode: null, page: 2, active: false } as never,
      },
    });
    expect(new URL(api.requests.at(-1)?.url ?? "").search).toBe("?page=2&active=false");
  });
});
