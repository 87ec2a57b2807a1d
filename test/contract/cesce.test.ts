import createClient from "openapi-fetch";
import { describe, expect, inject, it } from "vitest";
import type { paths as classificationPaths } from "../../generated/cesce-classifications.ts";
import type { paths as oauthPaths } from "../../generated/cesce-oauth.ts";

const urls = inject("prismUrls");
const oauth = createClient<oauthPaths>({ baseUrl: urls["cesce-oauth"] });
const classifications = createClient<classificationPaths>({
  baseUrl: urls["cesce-classifications"],
});

async function accessToken(): Promise<string> {
  const { data, response } = await oauth.POST("/token", {
    body: {
      grant_type: "password",
      client_id: "app-client-id",
      client_secret: "app-client-secret",
      username: "insured-user",
      password: "user-password",
      scope: "create read update delete",
    },
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(data).toMatchObject({ token_type: expect.any(String), expires_in: expect.any(Number) });
  return data?.access_token ?? "";
}

describe("CESCE specs on Prism", () => {
  it("issues a token for a form-encoded password grant", async () => {
    expect(await accessToken()).not.toBe("");
  });

  it("refuses a password grant without the user's password", async () => {
    const { response, error } = await oauth.POST("/token", {
      // @ts-expect-error the password grant requires `password`
      body: {
        grant_type: "password",
        client_id: "a",
        client_secret: "b",
        username: "u",
        scope: "read",
      },
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ error: expect.any(String) });
    // Prism's own verdict on the form, served as the declared 400: it names the missing field.
    expect(response.headers.get("sl-violations")).toMatch(/password/);
  });

  it("queries a debtor's classification inside the success envelope", async () => {
    const token = await accessToken();
    const { data, response } = await classifications.GET(
      "/contracts/{contractNo}/classifications",
      {
        params: {
          path: { contractNo: "12345678901" },
          query: { countryCode: "ES", taxCode: "B12345674" },
        },
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(response.status).toBe(200);
    expect(data?.error.errorCode).toBe("0");
    expect(data?.debtor?.[0]).toMatchObject({
      countryCode: expect.any(String),
      creditLimitGranted: expect.stringMatching(/^\d+(,\d{1,2})?$/),
    });
  });

  it("refuses the query without a bearer token", async () => {
    const { response } = await classifications.GET("/contracts/{contractNo}/classifications", {
      params: { path: { contractNo: "12345678901" } },
    });
    expect(response.status).toBe(401);
  });
});
