/**
 * `authHeaders`: the session travels as the API reference documents it (`Authorization: Bearer`),
 * as the API Commons guide does (`x-client-id`, `x-client-secret`, `sessionToken`), or both;
 * exactly those headers, and the secrets they carry never reach an error, an event or another
 * origin.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ApiError, ConfigurationError } from "../../src/core/errors.ts";
import type { SdkEvent } from "../../src/core/transport.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import type { AuthHeaderStyle } from "../../src/partners-portal/auth-headers.ts";
import {
  createPartnersPortalClient,
  type PartnersPortalOptions,
} from "../../src/partners-portal/client.ts";
import { credentials, json, portalServer, sessionTokenFor } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const genders = "/v1/taxonomy/genders" as const;
/** Every header that carries a credential or identifies the caller. */
const authHeaderNames = [
  "authorization",
  "sessiontoken",
  "x-client-id",
  "x-client-secret",
  "xclientid",
  "xclientsecret",
  "xbrokeruid",
  "xusername",
  "correlationid",
];
const authHeadersOf = (headers: Headers) =>
  Object.fromEntries(authHeaderNames.flatMap((n) => (headers.has(n) ? [[n, headers.get(n)]] : [])));

const referenceLogin = {
  xclientid: credentials.clientId,
  xclientsecret: credentials.clientSecret,
  xbrokeruid: credentials.brokerUid,
  xusername: credentials.username,
};
const commons = {
  "x-client-id": credentials.clientId,
  "x-client-secret": credentials.clientSecret,
};
const bearer = { authorization: `Bearer ${sessionTokenFor(1)}` };
const sessionHeader = { sessiontoken: sessionTokenFor(1) };

function clientWith(
  options: Partial<PartnersPortalOptions>,
  route: (request: Request) => Response = () => json([]),
) {
  const api = portalServer(route);
  const client = createPartnersPortalClient({
    baseUrl,
    credentials,
    fetch: api.fetch,
    taxonomyCacheTtlMs: 0,
    ...options,
  });
  return { api, client };
}

describe("authHeaders", () => {
  const cases: [AuthHeaderStyle | undefined, object, object][] = [
    [undefined, referenceLogin, bearer],
    ["reference", referenceLogin, bearer],
    ["commons", { ...referenceLogin, ...commons }, { ...commons, ...sessionHeader }],
    ["both", { ...referenceLogin, ...commons }, { ...bearer, ...commons, ...sessionHeader }],
  ];
  for (const [style, login, call] of cases) {
    it(`sends exactly the ${style ?? "default (reference)"} headers on Authenticate and on a call`, async () => {
      // Every call carries a correlationId (a UUID per call by default; fixed here).
      const correlation = { correlationid: "B12345678" };
      const { api, client } = clientWith({
        correlationId: "B12345678",
        ...(style ? { authHeaders: style } : {}),
      });
      await unwrap(client.GET(genders));
      const [authenticate, request] = api.requests;
      expect(authHeadersOf((authenticate as Request).headers)).toEqual({
        ...login,
        ...correlation,
      });
      expect(authHeadersOf((request as Request).headers)).toEqual({ ...call, ...correlation });
    });
  }

  it("renews a refused session in the Commons style, sending the new token as sessionToken", async () => {
    const { api, client } = clientWith({ authHeaders: "commons" }, (request) =>
      request.headers.get("sessiontoken") === sessionTokenFor(1)
        ? json({ error: "Unauthorized", message: "expired" }, 401)
        : json([]),
    );
    await unwrap(client.GET(genders));
    expect(api.to(genders).map((r) => r.headers.get("sessiontoken"))).toEqual([
      sessionTokenFor(1),
      sessionTokenFor(2),
    ]);
  });

  it("sends correlationId on every request, unless a call sets its own", async () => {
    const { api, client } = clientWith({ correlationId: "B12345678" });
    await unwrap(client.GET(genders));
    await unwrap(client.GET(genders, { params: { header: { correlationId: "PT500000000" } } }));
    expect(api.requests.map((r) => r.headers.get("correlationid"))).toEqual([
      "B12345678",
      "B12345678",
      "PT500000000",
    ]);
  });

  it("refuses an unknown style or a correlationId that is not a header value", () => {
    const unknown = { authHeaders: "cookies" as AuthHeaderStyle };
    expect(() => clientWith(unknown)).toThrow(ConfigurationError);
    expect(() => clientWith({ correlationId: "B1\r\nx-evil: 1" })).toThrow(ConfigurationError);
    expect(() => clientWith({ correlationId: "" })).toThrow(ConfigurationError);
  });

  it("keeps the Commons secrets out of errors, events and the client's own text", async () => {
    const events: SdkEvent[] = [];
    const { client } = clientWith({ authHeaders: "both", onEvent: (e) => events.push(e) }, () =>
      json({ error: "Internal Server Error", message: "boom" }, 500),
    );
    const error = await unwrap(client.GET(genders)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const texts = [
      String(error),
      (error as Error).stack,
      JSON.stringify(error),
      inspect(error, { showHidden: true, depth: 6 }),
      JSON.stringify(events),
      inspect(client, { showHidden: true, depth: 4 }),
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/SECRET\d/);
      expect(text).not.toContain(sessionTokenFor(1));
    }
  });
});

describe("authHeaders on a redirect to another origin", () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });
  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("does not follow it in the Commons style, so the secret headers stay home", async () => {
    const elsewhere: IncomingHttpHeaders[] = [];
    // "localhost" is another origin than "127.0.0.1", on the same loopback interface.
    const other = (
      await listen((request, response) => {
        elsewhere.push(request.headers);
        response.end("[]");
      })
    ).replace("127.0.0.1", "localhost");
    const home = await listen((request, response) => {
      if (request.url === "/v1/authentication") {
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ sessionToken: sessionTokenFor(1) }));
        return;
      }
      response.writeHead(302, { location: `${other}/collect` }).end();
    });
    const client = createPartnersPortalClient({
      baseUrl: home,
      credentials,
      authHeaders: "commons",
      taxonomyCacheTtlMs: 0,
      maxRetries: 0,
    });
    const error = await unwrap(client.GET(genders)).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 302 });
    expect(elsewhere).toEqual([]);
  });
});
