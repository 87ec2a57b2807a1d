import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AuthenticationError, InternalServerError, TimeoutError } from "../../src/core/errors.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { paginate } from "../../src/pagination/paginate.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, scriptedFetch } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const messagePath = "/v1/processes/{processUniqueId}/message" as const;
const message = (n: number) => ({
  username: "u",
  subject: `s${n}`,
  text: "t",
  creationDate: "2026-01-01T00:00:00Z",
});
const tokenFor = (n: number) => `session-token-${n}`;

/** A server whose Authenticate hands out numbered tokens and whose other routes `route` answers. */
function server(route: (request: Request, token: string) => Response | Promise<Response>) {
  let sessions = 0;
  return scriptedFetch((request) => {
    if (new URL(request.url).pathname === "/v1/authentication")
      return json({ sessionToken: tokenFor(++sessions) });
    return route(request, request.headers.get("authorization")?.replace("Bearer ", "") ?? "");
  });
}

describe("createPartnersPortalClient", () => {
  it("makes one authentication for 50 concurrent first calls", async () => {
    const api = server(() => json({ messages: [], totalCount: 0, count: 0 }));
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    await Promise.all(
      Array.from({ length: 50 }, () =>
        client.GET(messagePath, { params: { path: { processUniqueId } } }),
      ),
    );
    expect(api.to("/v1/authentication")).toHaveLength(1);
    expect(api.to("/message")).toHaveLength(50);
    expect(
      api.to("/message").every((r) => r.headers.get("authorization") === `Bearer ${tokenFor(1)}`),
    ).toBe(true);
  });

  it("sends the four documented authentication headers", async () => {
    const api = server(() => json({ messages: [], totalCount: 0, count: 0 }));
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    await client.GET(messagePath, { params: { path: { processUniqueId } } });
    const auth = api.to("/v1/authentication")[0];
    expect(auth?.headers.get("xClientID")).toBe(credentials.clientId);
    expect(auth?.headers.get("xClientSecret")).toBe(credentials.clientSecret);
    expect(auth?.headers.get("xBrokerUID")).toBe(credentials.brokerUid);
    expect(auth?.headers.get("xUsername")).toBe(credentials.username);
  });

  it("accepts the session token as a bare JSON string, as the Authentication guide shows it", async () => {
    const api = scriptedFetch((request) =>
      new URL(request.url).pathname === "/v1/authentication"
        ? json("bare-session-token")
        : json({ messages: [], totalCount: 0, count: 0 }),
    );
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    await client.GET(messagePath, { params: { path: { processUniqueId } } });
    expect(api.to("/message")[0]?.headers.get("authorization")).toBe("Bearer bare-session-token");
  });

  it("re-authenticates once and replays a request refused with 401", async () => {
    const api = server((_, token) =>
      token === tokenFor(1)
        ? json({ error: "Unauthorized", message: "expired" }, 401)
        : json({ messages: [], totalCount: 0, count: 0 }),
    );
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    const { response } = await client.GET(messagePath, { params: { path: { processUniqueId } } });
    expect(response.status).toBe(200);
    expect(api.to("/v1/authentication")).toHaveLength(2);
    expect(api.to("/message").map((r) => r.headers.get("authorization"))).toEqual([
      `Bearer ${tokenFor(1)}`,
      `Bearer ${tokenFor(2)}`,
    ]);
  });

  it("retries a GET answered 503 and sends a POST answered 503 exactly once", async () => {
    const api = server(() =>
      json({ error: "Service Unavailable", message: "busy" }, 503, { "retry-after": "0" }),
    );
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: api.fetch,
      maxRetries: 2,
    });
    const get = await client.GET(messagePath, { params: { path: { processUniqueId } } });
    expect(get.response.status).toBe(503);
    expect(api.requests.filter((r) => r.method === "GET")).toHaveLength(3);
    const post = client.POST(messagePath, {
      params: { path: { processUniqueId } },
      body: { subject: "s", text: "t" },
    });
    await expect(unwrap(post)).rejects.toBeInstanceOf(InternalServerError);
    expect(
      api.requests.filter((r) => r.method === "POST" && r.url.endsWith("/message")),
    ).toHaveLength(1);
  });

  it("ends a stalled response in TimeoutError", async () => {
    const api = server(
      (request) =>
        new Promise<Response>((_, reject) =>
          request.signal.addEventListener("abort", () => reject(request.signal.reason)),
        ),
    );
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: api.fetch,
      timeoutMs: 50,
      maxRetries: 0,
    });
    await expect(
      client.GET(messagePath, { params: { path: { processUniqueId } } }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });

  it("passes a caller's abort through unchanged and does not retry it", async () => {
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const api = server(
      (request) =>
        new Promise<Response>((_, reject) => {
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
          controller.abort(reason);
        }),
    );
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    await expect(
      client.GET(messagePath, { params: { path: { processUniqueId } }, signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(api.to("/message")).toHaveLength(1);
  });

  it("names the refused credential level in an AuthenticationError that holds no secret", async () => {
    const api = scriptedFetch(() =>
      json({ error: "Unauthorized", message: "Invalid master credentials" }, 401),
    );
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    const error = await unwrap(
      client.GET(messagePath, { params: { path: { processUniqueId } } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).credentialLevel).toBe("master");
    for (const text of [
      String(error),
      inspect(error),
      JSON.stringify(error),
      inspect(client, { showHidden: true }),
    ]) {
      expect(text).not.toMatch(/SECRET\d/);
    }
  });

  it("refuses a plain-http base URL that is not loopback", () => {
    expect(() =>
      createPartnersPortalClient({ baseUrl: "http://example.com", credentials }),
    ).toThrow(/https/);
  });
});

describe("paginate", () => {
  it("yields every message once across pages whose counts are numeric strings", async () => {
    const all = Array.from({ length: 45 }, (_, i) => message(i));
    const api = server((request) => {
      const query = new URL(request.url).searchParams;
      const page = Number(query.get("pageNumber") ?? 1);
      const items = all.slice((page - 1) * 20, page * 20);
      return json({ messages: items, totalCount: "45", count: String(items.length) });
    });
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    const subjects: string[] = [];
    for await (const item of paginate(client, messagePath, {
      params: { path: { processUniqueId } },
    })) {
      subjects.push(item.subject);
    }
    expect(subjects).toEqual(all.map((m) => m.subject));
    expect(api.to("/message")).toHaveLength(3);
  });
});
