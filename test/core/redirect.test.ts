/**
 * Redirects never carry credentials: two real loopback servers (two origins), the first answering
 * with a redirect to the second, and every secret the clients hold checked to never reach the
 * second, for Authenticate, CESCE's token request and API calls of both APIs.
 */
import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { SdkError } from "../../src/core/errors.ts";
import { RedirectError } from "../../src/core/transport-errors.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { cesceSecrets, credentials, json, scriptedFetch } from "../helpers.ts";
import {
  closeFaultServers,
  type FaultServer,
  type Hit,
  portal,
  sendJson,
  startFaultServer,
} from "../reliability/fault-server.ts";
import { transports } from "../transports.ts";

afterEach(closeFaultServers);

const genders = "/v1/taxonomy/genders";
const classifications = "/contracts/{contractNo}/classifications" as const;

/** A second origin that answers everything, recording what reached it. */
async function elsewhere(): Promise<FaultServer> {
  return startFaultServer(portal((_, res) => sendJson(res, 200, [])));
}

/** Answers with `status` and a Location on the other server, path and query included. */
const redirectTo = (target: FaultServer, status: number) => (_: Hit, res: ServerResponse) => {
  res.writeHead(status, { location: `${target.url}/collect?token=leak`, "content-length": 0 });
  res.end();
};

/** Every secret that must never travel to another origin, as it would appear in a request. */
const secrets = [
  "SECRET1",
  "SECRET2",
  "SECRET3",
  "SECRET4",
  "SECRET5",
  "SECRET6",
  "SECRET7",
  "session-token",
  "access-token",
];

function expectRefused(error: unknown, status: number, target: FaultServer): void {
  expect(error).toBeInstanceOf(RedirectError);
  expect(error).toBeInstanceOf(SdkError);
  const redirect = error as RedirectError;
  expect(redirect.status).toBe(status);
  expect(redirect.location).toBe(target.url);
  expect(redirect.message).toContain(`${status} to ${target.url} (`);
  // The target's origin only: never its path or query, never a secret.
  for (const text of [
    redirect.message,
    String(redirect.stack),
    JSON.stringify(redirect),
    inspect(redirect),
  ]) {
    expect(text).not.toContain("/collect");
    expect(text).not.toContain("token=leak");
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

/** The transport of the `describe.each` running (see test/transports.ts). */
let sendWith: { fetch?: typeof fetch } = {};

/** A CESCE Classifications Query through `home` (its token endpoint and its API). */
const classifyOn = (home: FaultServer) =>
  createCesceClient({
    baseUrl: `${home.url}/classifications/v1`,
    tokenUrl: `${home.url}/oauth2/v1/token`,
    credentials: cesceSecrets,
    ...sendWith,
  })
    .GET(classifications, { params: { path: { contractNo: "12345678901" } } })
    .catch((e: unknown) => e);

const portalOn = (server: FaultServer, authHeaders?: "reference" | "commons" | "both") =>
  createPartnersPortalClient({
    baseUrl: server.url,
    credentials,
    taxonomyCacheTtlMs: 0,
    ...sendWith,
    ...(authHeaders ? { authHeaders } : {}),
  });

describe.each(transports)("over $name", (transport) => {
  beforeEach(() => {
    sendWith = transport.sendWith;
  });

  describe("a redirect to another origin", () => {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`on Authenticate (${status}): nothing reaches the target, RedirectError names its origin`, async () => {
        const other = await elsewhere();
        const home = await startFaultServer(redirectTo(other, status));
        const error = await unwrap(portalOn(home).GET(genders)).catch((e: unknown) => e);
        expectRefused(error, status, other);
        expect(other.hits).toEqual([]);
        // Not retried (Authenticate is repeatable): the same answer would come back.
        expect(home.count("/v1/authentication")).toBe(1);
        expect(home.count(genders)).toBe(0);
      });
    }

    for (const style of ["reference", "commons", "both"] as const) {
      it(`on an API call (${style} headers): the session token and client secret stay home`, async () => {
        const other = await elsewhere();
        const home = await startFaultServer(portal(redirectTo(other, 307)));
        const error = await unwrap(portalOn(home, style).GET(genders)).catch((e: unknown) => e);
        expectRefused(error, 307, other);
        expect(other.hits).toEqual([]);
        expect(home.count(genders)).toBe(1);
      });
    }

    it("on a resource method (its own per-call transport)", async () => {
      const other = await elsewhere();
      const home = await startFaultServer(portal(redirectTo(other, 302)));
      const client = portalOn(home);
      const error = await client.taxonomy.genders({ timeoutMs: 5_000 }).catch((e: unknown) => e);
      expectRefused(error, 302, other);
      expect(other.hits).toEqual([]);
    });

    it("on CESCE's token request: neither the password nor the client secret leaves", async () => {
      const other = await elsewhere();
      const home = await startFaultServer(redirectTo(other, 307));
      const error = await classifyOn(home);
      expectRefused(error, 307, other);
      expect(other.hits).toEqual([]);
      expect(home.count("/oauth2/v1/token")).toBe(1);
      expect(home.count("/classifications/v1/contracts/12345678901/classifications")).toBe(0);
    });

    it("on a CESCE API call: the bearer token stays home", async () => {
      const other = await elsewhere();
      const home = await startFaultServer((hit, res) => {
        if (hit.path === "/oauth2/v1/token")
          return sendJson(res, 200, {
            access_token: "access-token-1",
            token_type: "Bearer",
            expires_in: 3600,
          });
        return redirectTo(other, 308)(hit, res);
      });
      const error = await classifyOn(home);
      expectRefused(error, 308, other);
      expect(other.hits).toEqual([]);
    });
  });
});

describe("other redirects", () => {
  it("a same-origin redirect is not followed either (the README says so)", async () => {
    const home = await startFaultServer(
      portal((hit, res) => {
        if (hit.path === "/moved") return sendJson(res, 200, []);
        res.writeHead(302, { location: "/moved?x=1", "content-length": 0 }).end();
      }),
    );
    const error = await unwrap(portalOn(home).GET(genders)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).location).toBe(home.url);
    expect(home.count("/moved")).toBe(0);
  });

  it("sends every request with redirect: manual (Authenticate, token request, API calls)", async () => {
    const modes: (string | undefined)[] = [];
    const server = scriptedFetch((request) => {
      modes.push(request.redirect);
      const path = new URL(request.url).pathname;
      if (path === "/v1/authentication") return json({ sessionToken: "session-token-1" });
      if (path.endsWith("/token"))
        return json({ access_token: "access-token-1", token_type: "Bearer", expires_in: 3600 });
      return json(path.includes("classifications") ? { error: { errorCode: "0" } } : []);
    });
    const baseUrl = "http://127.0.0.1:9";
    const portalClient = createPartnersPortalClient({ baseUrl, credentials, fetch: server.fetch });
    await unwrap(portalClient.GET(genders));
    const cesce = createCesceClient({
      baseUrl: `${baseUrl}/classifications/v1`,
      tokenUrl: `${baseUrl}/oauth2/v1/token`,
      credentials: cesceSecrets,
      fetch: server.fetch,
    });
    await cesce.GET(classifications, { params: { path: { contractNo: "12345678901" } } });
    expect(modes).toEqual(["manual", "manual", "manual", "manual"]);
  });

  it("https to http: refused, naming the http origin", async () => {
    const server = scriptedFetch((request) =>
      new URL(request.url).pathname === "/v1/authentication"
        ? json({ sessionToken: "session-token-1" })
        : new Response(null, {
            status: 301,
            headers: { location: "http://api.example.com/v1/x?a=b" },
          }),
    );
    const client = createPartnersPortalClient({
      baseUrl: "https://api.example.com",
      credentials,
      fetch: server.fetch,
    });
    const error = await unwrap(client.GET(genders)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toBe(
      `Redirect not followed: 301 to http://api.example.com (GET ${genders})`,
    );
  });

  it("a fetch that followed a redirect anyway: the other origin's token is never used", async () => {
    const server = scriptedFetch((request) => {
      if (new URL(request.url).pathname !== "/v1/authentication") return json([]);
      const answer = json({ sessionToken: "minted-elsewhere" });
      Object.defineProperties(answer, {
        redirected: { value: true },
        url: { value: "https://attacker.example/token" },
      });
      return answer;
    });
    const client = createPartnersPortalClient({
      baseUrl: "https://api.example.com",
      credentials,
      fetch: server.fetch,
    });
    const error = await unwrap(client.GET(genders)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).location).toBe("https://attacker.example");
    expect(server.to(genders)).toEqual([]);
  });
});
