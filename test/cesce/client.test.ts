import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { renewalMarginMs } from "../../src/cesce/token-response.ts";
import { BadRequestError, OAuthError } from "../../src/core/errors.ts";
import { CesceEnvelopeError, unwrap } from "../../src/core/unwrap.ts";
import { json, scriptedFetch } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9/classifications/v1";
const tokenUrl = "http://127.0.0.1:9/oauth2/v1/token";
const credentials = {
  clientId: "app-id-SECRET4",
  clientSecret: "app-secret-SECRET5",
  username: "insured-SECRET6",
  password: "password-SECRET7",
};
const contractNo = "12345678901";
const path = "/contracts/{contractNo}/classifications" as const;
const envelope = (errorCode = "0", errorDescription = "") => ({
  error: { errorCode, errorDescription },
  client: { contractNo },
  debtor: [],
});

interface TokenServer {
  expiresIn?: number;
  refreshToken?: boolean;
  refuseRefresh?: boolean;
  refuse?: (token: string) => boolean;
}

/** A token endpoint that numbers its tokens, and an API that answers with an envelope. */
function cesce(server: TokenServer = {}) {
  let issued = 0;
  const forms: URLSearchParams[] = [];
  const api = scriptedFetch(async (request) => {
    if (request.url === tokenUrl) {
      const form = new URLSearchParams(await request.text());
      forms.push(form);
      if (form.get("grant_type") === "refresh_token" && server.refuseRefresh) {
        return json({ error: "invalid_grant", error_description: "refresh token revoked" }, 400);
      }
      if (form.get("grant_type") === "password" && form.get("password") !== credentials.password) {
        return json(
          { error: "invalid_grant", error_description: "The user credentials are invalid." },
          400,
        );
      }
      issued++;
      return json({
        access_token: `access-token-${issued}`,
        token_type: "Bearer",
        expires_in: server.expiresIn ?? 3600,
        ...(server.refreshToken ? { refresh_token: `refresh-token-${issued}` } : {}),
      });
    }
    const token = request.headers.get("authorization")?.replace("Bearer ", "") ?? "";
    if (server.refuse?.(token))
      return json(
        { httpCode: "401", httpMessage: "Unauthorized", moreInformation: "Invalid token" },
        401,
      );
    return json(envelope());
  });
  const grants = async () => forms.map((form) => form.get("grant_type"));
  return { api, grants, forms };
}

const query = (client: ReturnType<typeof createCesceClient>) =>
  client.GET(path, { params: { path: { contractNo } } });

describe("createCesceClient", () => {
  it("requests one token for 30 concurrent first calls, with the documented form fields", async () => {
    const { api, grants, forms } = cesce();
    const client = createCesceClient({ baseUrl, tokenUrl, credentials, fetch: api.fetch });
    await Promise.all(Array.from({ length: 30 }, () => query(client)));
    expect(await grants()).toEqual(["password"]);
    expect(Object.fromEntries(forms[0] ?? [])).toEqual({
      grant_type: "password",
      username: credentials.username,
      password: credentials.password,
      scope: "create read update delete",
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    });
    expect(
      api
        .to("/classifications")
        .every((r) => r.headers.get("authorization") === "Bearer access-token-1"),
    ).toBe(true);
  });

  it("makes exactly one refresh for 30 concurrent calls after the token expires", async () => {
    let now = 1_000_000;
    const { api, grants, forms } = cesce({ refreshToken: true, expiresIn: 60 });
    // The provider reads the clock through Date.now; move it past the renewal point.
    const realNow = Date.now;
    Date.now = () => now;
    try {
      const client = createCesceClient({ baseUrl, tokenUrl, credentials, fetch: api.fetch });
      await query(client);
      now += 60_000 - renewalMarginMs(60_000) + 1;
      await Promise.all(Array.from({ length: 30 }, () => query(client)));
      expect(await grants()).toEqual(["password", "refresh_token"]);
      expect(forms[1]?.get("refresh_token")).toBe("refresh-token-1");
    } finally {
      Date.now = realNow;
    }
  });

  it("falls back to the password grant when the refresh token is refused with invalid_grant", async () => {
    let now = 1_000_000;
    const { api, grants } = cesce({ refreshToken: true, expiresIn: 60, refuseRefresh: true });
    const realNow = Date.now;
    Date.now = () => now;
    try {
      const client = createCesceClient({ baseUrl, tokenUrl, credentials, fetch: api.fetch });
      await query(client);
      now += 61_000;
      const { response } = await query(client);
      expect(response.status).toBe(200);
      expect(await grants()).toEqual(["password", "refresh_token", "password"]);
    } finally {
      Date.now = realNow;
    }
  });

  it("replaces a revoked token and replays the call once", async () => {
    const { api, grants } = cesce({ refuse: (token) => token === "access-token-1" });
    const client = createCesceClient({ baseUrl, tokenUrl, credentials, fetch: api.fetch });
    const { response } = await query(client);
    expect(response.status).toBe(200);
    expect(await grants()).toEqual(["password", "password"]);
    expect(api.to("/classifications").map((r) => r.headers.get("authorization"))).toEqual([
      "Bearer access-token-1",
      "Bearer access-token-2",
    ]);
  });

  it("throws OAuthError invalid_grant for a wrong password, with no secret anywhere in it", async () => {
    const { api } = cesce();
    const client = createCesceClient({
      baseUrl,
      tokenUrl,
      credentials: { ...credentials, password: "wrong-SECRET8" },
      fetch: api.fetch,
    });
    const error = await query(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: "invalid_grant", status: 400 });
    const views = [
      String(error),
      (error as Error).stack,
      inspect(error, { showHidden: true, depth: 5 }),
      JSON.stringify(error),
      inspect(client, { showHidden: true }),
    ];
    for (const text of views) expect(text).not.toMatch(/SECRET\d/);
  });

  it("makes unwrap throw the envelope's error code from a 200", async () => {
    const api = scriptedFetch((request) =>
      request.url === tokenUrl
        ? json({ access_token: "t", token_type: "Bearer", expires_in: 3600 })
        : json(envelope("RAD0001", "Clasificacion o Empresa no localizada")),
    );
    const client = createCesceClient({ baseUrl, tokenUrl, credentials, fetch: api.fetch });
    const error = await unwrap(query(client)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CesceEnvelopeError);
    expect(error).toMatchObject({
      status: 200,
      code: "RAD0001",
      description: "Clasificacion o Empresa no localizada",
    });
    expect(String(error)).toContain("RAD0001");
  });

  it("makes unwrap throw the envelope's error code from a 400, as CESCE's error catalogue files it", async () => {
    const api = scriptedFetch((request) =>
      request.url === tokenUrl
        ? json({ access_token: "t", token_type: "Bearer", expires_in: 3600 })
        : json({ error: { errorCode: "CCC001", errorDescription: "Contrato no localizado" } }, 400),
    );
    const client = createCesceClient({ baseUrl, tokenUrl, credentials, fetch: api.fetch });
    const error = await unwrap(query(client)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CesceEnvelopeError);
    expect(error).toMatchObject({ status: 400, code: "CCC001", method: "GET" });
    expect(api.requests).toHaveLength(2); // the token and one call: a 400 is not retried
    for (const text of [String(error), JSON.stringify(error), inspect(error)]) {
      expect(text).not.toMatch(/SECRET\d/);
    }
  });

  it("maps a 400 with the gateway's own body to BadRequestError", async () => {
    const gateway = {
      httpCode: "400",
      httpMessage: "Bad Request",
      moreInformation: "Invalid JSON",
    };
    const api = scriptedFetch((request) =>
      request.url === tokenUrl
        ? json({ access_token: "t", token_type: "Bearer", expires_in: 3600 })
        : json(gateway, 400),
    );
    const client = createCesceClient({ baseUrl, tokenUrl, credentials, fetch: api.fetch });
    const error = await unwrap(query(client)).catch((e: unknown) => e);
    expect((error as object).constructor).toBe(BadRequestError);
    expect(error).toMatchObject({ status: 400, body: gateway });
  });

  it("never renews a short token at once: the margin is a tenth of its lifetime", () => {
    expect(renewalMarginMs(3_600_000)).toBe(300_000);
    expect(renewalMarginMs(30_000)).toBe(3_000);
  });
});
