/**
 * The default way of sending on Node.js (src/core/node-http.ts), against real loopback servers:
 * it must present the request fetch would, answer what fetch would, and verify TLS as fetch
 * does. The hostile-server suites (faults, response size, redirects) run over both ways.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer, globalAgent } from "node:https";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionError } from "../../src/core/errors.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials } from "../helpers.ts";

const genders = [{ id: 1, description: "Masculino" }];
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
/** A self-signed certificate for 127.0.0.1, made for these tests only (its key is no secret). */
const tls = {
  cert: readFileSync(new URL("./fixtures/loopback-tls.crt", import.meta.url)),
  key: readFileSync(new URL("./fixtures/loopback-tls.key", import.meta.url)),
};

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A Partners Portal on loopback: Authenticate answered, every other request to `answer`. */
async function portalOn(
  answer: (res: ServerResponse, seen: Seen) => void,
  make: (handler: (req: IncomingMessage, res: ServerResponse) => void) => Server = (handler) =>
    createServer(handler),
) {
  const seen: Seen[] = [];
  const server = make((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const hit = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(hit);
      if (hit.path === "/v1/authentication") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ sessionToken: "session-1" }));
      }
      answer(res, hit);
    });
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return { port: (server.address() as AddressInfo).port, seen };
}

const clientOn = (baseUrl: string, options: { fetch?: typeof fetch } = {}) =>
  createPartnersPortalClient({
    baseUrl,
    credentials,
    taxonomyCacheTtlMs: 0,
    maxRetries: 0,
    logLevel: "off",
    ...options,
  });

const sendJson = (res: ServerResponse, body: unknown) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

describe("node:http, the default on Node.js", () => {
  it("sends the request fetch would: its headers, fetch's defaults, the credentials and the body", async () => {
    const { port, seen } = await portalOn((res) => sendJson(res, { messageUniqueID: "m-1" }));
    const client = clientOn(`http://127.0.0.1:${port}`);
    await unwrap(
      client.POST("/v1/processes/{processUniqueId}/message", {
        params: { path: { processUniqueId } },
        body: { subject: "Olá", text: "ç€" },
      }),
    );
    const post = seen.find((hit) => hit.method === "POST" && hit.path.endsWith("/message"));
    expect(post?.path).toBe(`/v1/processes/${processUniqueId}/message`);
    expect(JSON.parse(post?.body ?? "")).toEqual({ subject: "Olá", text: "ç€" });
    expect(post?.headers).toMatchObject({
      authorization: "Bearer session-1",
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(post?.body ?? "")),
      accept: "*/*",
      "user-agent": "node",
    });
    expect(post?.headers["accept-encoding"]).toContain("gzip");
    // Authenticate went the same way, with its own headers and no bearer token.
    const authenticate = seen.find((hit) => hit.path === "/v1/authentication");
    expect(authenticate?.headers.authorization).toBeUndefined();
    expect(authenticate?.method).toBe("POST");
    expect(authenticate?.headers["user-agent"]).toBe("node");
  });

  for (const [coding, encode] of [
    ["gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ] as const) {
    it(`decodes a ${coding} body, as fetch does`, async () => {
      const { port } = await portalOn((res) => {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": coding });
        res.end(encode(JSON.stringify(genders)));
      });
      const client = clientOn(`http://127.0.0.1:${port}`);
      expect(await unwrap(client.GET("/v1/taxonomy/genders"))).toEqual(genders);
    });
  }

  it("answers a chunked body with its length, and keeps repeated headers apart", async () => {
    const { port } = await portalOn((res) => {
      res.writeHead(200, { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] });
      res.write('[{"id":1,');
      res.end('"description":"Masculino"}]');
    });
    const { data, response } = await clientOn(`http://127.0.0.1:${port}`).GET(
      "/v1/taxonomy/genders",
    );
    expect(data).toEqual(genders);
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(response.headers.has("transfer-encoding")).toBe(false);
    expect(response.headers.get("content-length")).toBe(String(JSON.stringify(genders).length));
  });

  it("answers a 204 with no body", async () => {
    const { port } = await portalOn((res) => {
      res.writeHead(204);
      res.end();
    });
    const { data, response } = await clientOn(`http://127.0.0.1:${port}`).GET(
      "/v1/taxonomy/genders",
    );
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(response.body).toBeNull();
  });

  it("sends nothing through node:http when a custom fetch is given", async () => {
    const { port, seen } = await portalOn((res) => sendJson(res, genders));
    const custom = vi.fn((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    const client = clientOn(`http://127.0.0.1:${port}`, { fetch: custom as typeof fetch });
    expect(await unwrap(client.GET("/v1/taxonomy/genders"))).toEqual(genders);
    expect(custom).toHaveBeenCalledTimes(2); // Authenticate and the call
    expect(seen).toHaveLength(2);
  });
});

describe("https through the global agent", () => {
  const tlsPortal = () =>
    portalOn(
      (res) => sendJson(res, genders),
      (handler) => createTlsServer(tls, handler),
    );

  it("verifies the server's certificate: a self-signed one is refused with its code", async () => {
    const { port, seen } = await tlsPortal();
    const error = await unwrap(clientOn(`https://127.0.0.1:${port}`).GET("/v1/taxonomy/genders"))
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(
      `Request failed: DEPTH_ZERO_SELF_SIGNED_CERT 127.0.0.1:${port} (POST /v1/authentication)`,
    );
    expect(seen).toHaveLength(0);
  });

  it("trusts a CA set on https.globalAgent, as an application configures it", async () => {
    const { port } = await tlsPortal();
    const { options } = globalAgent;
    const before = options.ca;
    options.ca = tls.cert;
    try {
      const client = clientOn(`https://127.0.0.1:${port}`);
      expect(await unwrap(client.GET("/v1/taxonomy/genders"))).toEqual(genders);
    } finally {
      if (before === undefined) delete options.ca;
      else options.ca = before;
    }
  });
});
