import createClient from "openapi-fetch";
import { describe, expect, inject, it } from "vitest";
import type { paths } from "../../generated/partners-portal.ts";
import { portalClientOn } from "./clients.ts";

const baseUrl = inject("prismUrls")["partners-portal"];
const client = createClient<paths>({ baseUrl });
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";

async function sessionToken(): Promise<string> {
  const { data, response } = await client.POST("/v1/authentication", {
    params: {
      header: {
        xClientID: "network-client",
        xClientSecret: "network-secret",
        xBrokerUID: "0b8f4a52-2f6e-4c1d-9a3b-5e7c9d1f2a4b",
        xUsername: "user@example.com",
      },
    },
  });
  expect(response.status).toBe(200);
  if (data === undefined) throw new Error("Authenticate returned no body");
  return typeof data === "string" ? data : data.sessionToken;
}

describe("Partners Portal spec on Prism", () => {
  it("returns a session token from Authenticate with the four documented headers", async () => {
    const token = await sessionToken();
    expect(token.split(".")).toHaveLength(3);
  });

  it("rejects Authenticate when a documented header is missing", async () => {
    const { response } = await client.POST("/v1/authentication", {
      params: {
        // @ts-expect-error xUsername is required by the spec; Prism must refuse the request
        header: {
          xClientID: "a",
          xClientSecret: "b",
          xBrokerUID: "0b8f4a52-2f6e-4c1d-9a3b-5e7c9d1f2a4b",
        },
      },
    });
    expect(response.status).toBe(422);
    // Prism's own verdict, not the declared 422: it names the missing header.
    expect(response.headers.get("sl-violations")).toMatch(/xusername/i);
  });

  it("lists a process's messages as one page with counts", async () => {
    const token = await sessionToken();
    const { data, response } = await client.GET("/v1/processes/{processUniqueId}/message", {
      params: { path: { processUniqueId }, query: { pageNumber: 1, pageSize: 20 } },
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(data?.messages[0]).toMatchObject({
      username: expect.any(String),
      subject: expect.any(String),
    });
    expect(Number(data?.totalCount)).toBe(data?.messages.length);
    expect(Number(data?.count)).toBe(data?.messages.length);
  });

  it("accepts the API Commons style: the token in sessionToken, the network's id and secret", async () => {
    const token = await sessionToken();
    const { response } = await client.GET("/v1/processes/{processUniqueId}/message", {
      params: { path: { processUniqueId } },
      headers: { sessionToken: token, "x-client-id": "network", "x-client-secret": "secret" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("sl-violations")).toBeNull();
  });

  it("serves the SDK in every authHeaders style", async () => {
    for (const authHeaders of ["reference", "commons", "both"] as const) {
      const sdk = portalClientOn(inject("prismUrls"), { authHeaders });
      const { response } = await sdk.GET("/v1/processes/{processUniqueId}/message", {
        params: { path: { processUniqueId } },
      });
      expect(response.status, authHeaders).toBe(200);
      expect(response.headers.get("sl-violations"), authHeaders).toBeNull();
    }
  });

  it("refuses the message list without a bearer token", async () => {
    const { response } = await client.GET("/v1/processes/{processUniqueId}/message", {
      params: { path: { processUniqueId } },
    });
    expect(response.status).toBe(401);
  });
});
