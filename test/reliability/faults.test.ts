/**
 * Network and server faults on a real loopback socket, through the real global `fetch`: resets,
 * 5xx bursts, 429s, stalls, malformed bodies, a session lapsing mid-pagination, and both
 * authentication endpoints failing. Backoff jitter is pinned to 0 so retries are immediate;
 * the only real waits are the two one-second `Retry-After`s the 429 tests measure.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import {
  ApiError,
  ConnectionError,
  InternalServerError,
  OAuthError,
  RateLimitError,
  SdkError,
  TimeoutError,
} from "../../src/core/errors.ts";
import type { SdkEvent } from "../../src/core/transport.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { paginate } from "../../src/pagination/paginate.ts";
import {
  createPartnersPortalClient,
  type PartnersPortalOptions,
} from "../../src/partners-portal/client.ts";
import { credentials } from "../helpers.ts";
import { transports } from "../transports.ts";
import {
  closeFaultServers,
  type FaultServer,
  portal,
  resetMidBody,
  sendChunked,
  sendJson,
  sendText,
  sessionExpired,
  stallMidBody,
  startFaultServer,
} from "./fault-server.ts";

beforeEach(() => {
  vi.spyOn(Math, "random").mockReturnValue(0);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await closeFaultServers();
});

const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const processPath = `/v1/processes/${processUniqueId}`;
const messagesPath = `${processPath}/message`;
const authPath = "/v1/authentication";
const busy = { error: "Service Unavailable", message: "busy" };

/** The transport of the `describe.each` running (see test/transports.ts). */
let sendWith: { fetch?: typeof fetch } = {};

const clientOn = (server: FaultServer, options: Partial<PartnersPortalOptions> = {}) =>
  createPartnersPortalClient({
    baseUrl: server.url,
    credentials,
    maxRetries: 2,
    timeoutMs: 2_000,
    ...sendWith,
    ...options,
  });
const getProcess = (client: ReturnType<typeof clientOn>) =>
  client.GET("/v1/processes/{processUniqueId}", { params: { path: { processUniqueId } } });
const postMessage = (client: ReturnType<typeof clientOn>) =>
  client.POST("/v1/processes/{processUniqueId}/message", {
    params: { path: { processUniqueId } },
    body: { subject: "s", text: "t" },
  });
/** `127.0.0.1:<port>`: what a ConnectionError's message names. */
const hostOf = (server: FaultServer) => new URL(server.url).host;
const hitsOf = (server: FaultServer, method: string, path: string) =>
  server.hits.filter((hit) => hit.method === method && hit.path === path);
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
describe.each(transports)("over $name", (transport) => {
  beforeEach(() => {
    sendWith = transport.sendWith;
  });

  describe("connection reset mid-response", () => {
    it("retries a GET whose connection resets while the body streams", async () => {
      let seen = 0;
      const server = await startFaultServer(
        portal((_, res) => {
          if (++seen === 1) return resetMidBody(res);
          return sendJson(res, 200, { processUniqueID: processUniqueId });
        }),
      );
      const data = await unwrap(getProcess(clientOn(server)));
      expect(data).toMatchObject({ processUniqueID: processUniqueId });
      expect(hitsOf(server, "GET", processPath)).toHaveLength(2);
    });

    it("does not resend a POST whose connection resets while the body streams", async () => {
      const server = await startFaultServer(portal((_, res) => resetMidBody(res)));
      const error = await failureOf(postMessage(clientOn(server)));
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toBe(
        `Request failed: ${transport.resetCode} ${hostOf(server)} (POST ${messagesPath})`,
      );
      expect(hitsOf(server, "POST", messagesPath)).toHaveLength(1);
    });

    it("answers the announced body when the server sends bytes past it, and sends once", async () => {
      const body = JSON.stringify({ processUniqueID: processUniqueId });
      const server = await startFaultServer(
        portal((_, res) => {
          // Content-Length says the body; the socket then carries garbage, no second response.
          res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
          res.flushHeaders();
          res.socket?.write(`${body}${" ".repeat(70_000)}`);
          res.socket?.end();
        }),
      );
      const data = await unwrap(getProcess(clientOn(server)));
      expect(data).toEqual({ processUniqueID: processUniqueId });
      expect(hitsOf(server, "GET", processPath)).toHaveLength(1);
    });
  });

  describe("5xx bursts", () => {
    it("rides out a burst of 502, 503 and 504 shorter than maxRetries", async () => {
      const statuses = [502, 503, 504];
      const events: SdkEvent[] = [];
      let seen = 0;
      const server = await startFaultServer(
        portal((_, res) => {
          const status = statuses[seen++];
          if (status) return sendJson(res, status, busy);
          return sendJson(res, 200, { processUniqueID: processUniqueId });
        }),
      );
      const client = clientOn(server, { maxRetries: 3, onEvent: (e) => events.push(e) });
      expect(await unwrap(getProcess(client))).toMatchObject({ processUniqueID: processUniqueId });
      expect(hitsOf(server, "GET", processPath)).toHaveLength(4);
      const reasons = events.flatMap((e) => (e.type === "retry" ? [e.reason] : []));
      expect(reasons).toEqual(["502", "503", "504"]);
    });

    it("throws InternalServerError after maxRetries + 1 attempts when the burst outlasts them", async () => {
      const server = await startFaultServer(portal((_, res) => sendJson(res, 503, busy)));
      const error = await failureOf(unwrap(getProcess(clientOn(server, { maxRetries: 2 }))));
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error).toMatchObject({ status: 503, method: "GET", path: processPath });
      expect(hitsOf(server, "GET", processPath)).toHaveLength(3);
    });

    it("sends a POST answered 503 exactly once", async () => {
      const server = await startFaultServer(portal((_, res) => sendJson(res, 503, busy)));
      const error = await failureOf(unwrap(postMessage(clientOn(server, { maxRetries: 2 }))));
      expect(error).toBeInstanceOf(InternalServerError);
      expect(hitsOf(server, "POST", messagesPath)).toHaveLength(1);
    });
  });

  describe("429 Too Many Requests", () => {
    const gapMs = (server: FaultServer) => {
      const [first, second] = hitsOf(server, "GET", processPath);
      return (second?.at ?? 0) - (first?.at ?? 0);
    };

    it("waits for the Retry-After header before retrying", async () => {
      let seen = 0;
      const server = await startFaultServer(
        portal((_, res) => {
          if (++seen === 1)
            return sendJson(res, 429, { error: "Too Many Requests" }, { "retry-after": "1" });
          return sendJson(res, 200, { processUniqueID: processUniqueId });
        }),
      );
      await unwrap(getProcess(clientOn(server)));
      expect(hitsOf(server, "GET", processPath)).toHaveLength(2);
      expect(gapMs(server)).toBeGreaterThanOrEqual(950);
      expect(gapMs(server)).toBeLessThan(5_000);
    });

    it("waits for the body's retryAfter when there is no Retry-After header", async () => {
      let seen = 0;
      const server = await startFaultServer(
        portal((_, res) => {
          if (++seen === 1)
            return sendJson(res, 429, {
              error: "Too Many Requests",
              message: "Rate limit exceeded.",
              retryAfter: 1,
            });
          return sendJson(res, 200, { processUniqueID: processUniqueId });
        }),
      );
      await unwrap(getProcess(clientOn(server)));
      expect(hitsOf(server, "GET", processPath)).toHaveLength(2);
      expect(gapMs(server)).toBeGreaterThanOrEqual(950);
      expect(gapMs(server)).toBeLessThan(5_000);
    });

    it("throws RateLimitError at once when Retry-After asks for more than 60 s", async () => {
      const server = await startFaultServer(
        portal((_, res) =>
          sendJson(
            res,
            429,
            { error: "Too Many Requests", message: "Hourly quota", retryAfter: 120 },
            { "retry-after": "120" },
          ),
        ),
      );
      const started = performance.now();
      const error = await failureOf(unwrap(getProcess(clientOn(server))));
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).toBe(120_000);
      expect(hitsOf(server, "GET", processPath)).toHaveLength(1);
    });
  });

  describe("a response stalled past the timeout", () => {
    it("throws TimeoutError after maxRetries + 1 attempts that get no answer", async () => {
      const server = await startFaultServer(portal(() => undefined));
      const started = performance.now();
      const error = await failureOf(
        getProcess(clientOn(server, { timeoutMs: 250, maxRetries: 1 })),
      );
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ timeoutMs: 250 });
      expect((error as Error).message).toBe(`No response within 250 ms (GET ${processPath})`);
      expect(hitsOf(server, "GET", processPath)).toHaveLength(2);
      expect(elapsed).toBeGreaterThanOrEqual(490);
      expect(elapsed).toBeLessThan(5_000);
    });

    it("throws TimeoutError when the body stops arriving after the head", async () => {
      const server = await startFaultServer(portal((_, res) => stallMidBody(res)));
      const error = await failureOf(
        getProcess(clientOn(server, { timeoutMs: 250, maxRetries: 0 })),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(hitsOf(server, "GET", processPath)).toHaveLength(1);
    });

    it("does not resend a POST that timed out", async () => {
      const server = await startFaultServer(portal(() => undefined));
      const error = await failureOf(
        postMessage(clientOn(server, { timeoutMs: 250, maxRetries: 2 })),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(hitsOf(server, "POST", messagesPath)).toHaveLength(1);
    });
  });

  describe("malformed JSON on a 200", () => {
    const head = `{"processUniqueID":"${processUniqueId}","borrowers":[`;
    const body = `${head}${"x".repeat(300)}TAIL-BEYOND-THE-EXCERPT`;

    it.each([
      ["application/json", "with a Content-Length", sendText],
      ["application/json; charset=utf-8", "with a Content-Length", sendText],
      // Fails today: without a Content-Length, openapi-fetch parses the text itself and throws a
      // bare SyntaxError; the transport's buffered Response (src/core/transport.ts:123) has none.
      ["application/json", "chunked", sendChunked],
    ])(
      "throws an ApiError quoting the start of the body when a 200 says %s, sent %s",
      async (contentType, _, send) => {
        const server = await startFaultServer(
          portal((_, res) => send(res, 200, body, { "content-type": contentType })),
        );
        const error = await failureOf(getProcess(clientOn(server)));
        expect(error).toBeInstanceOf(ApiError);
        expect(error).toMatchObject({ status: 200, method: "GET", path: processPath });
        expect((error as ApiError).body).toBe(body.slice(0, 200));
        // The message quotes the excerpt (JSON-escaped): its start is there, the tail is not.
        expect((error as Error).message).toContain(`borrowers`);
        expect((error as Error).message).toContain(processUniqueId);
        expect((error as Error).message).not.toContain("TAIL-BEYOND-THE-EXCERPT");
      },
    );

    // Fails today: typedJsonErrors is installed only when the content-type says JSON
    // (src/core/transport.ts:125), so openapi-fetch's response.json() throws a bare SyntaxError.
    it("throws an ApiError quoting the body when a 200 is an HTML page", async () => {
      const page = "<html><body>Please sign in to the gateway</body></html>";
      const server = await startFaultServer(
        portal((_, res) => sendText(res, 200, page, { "content-type": "text/html" })),
      );
      const error = await failureOf(getProcess(clientOn(server)));
      expect(error).toBeInstanceOf(ApiError);
      expect((error as Error).message).toContain("Please sign in to the gateway");
    });
  });

  describe("a session lapsing in the middle of pagination", () => {
    const message = (n: number) => ({
      username: "u",
      subject: `s${n}`,
      text: "t",
      creationDate: "2026-01-01T00:00:00Z",
    });

    it("yields every message exactly once when the session lapses between page-number pages", async () => {
      const all = Array.from({ length: 45 }, (_, i) => message(i));
      let pagesServed = 0;
      const server = await startFaultServer(
        portal((hit, res) => {
          // The first session lapses once it has served page 1.
          if (hit.token === "session-token-1" && pagesServed >= 1)
            return sendJson(res, 401, sessionExpired);
          pagesServed++;
          const page = Number(hit.query.get("pageNumber") ?? 1);
          const items = all.slice((page - 1) * 20, page * 20);
          return sendJson(res, 200, { messages: items, totalCount: 45, count: items.length });
        }),
      );
      const client = clientOn(server);
      const seen: string[] = [];
      for await (const item of paginate(client, "/v1/processes/{processUniqueId}/message", {
        params: { path: { processUniqueId } },
      })) {
        seen.push(item.subject);
      }
      expect(seen).toEqual(all.map((m) => m.subject));
      expect(server.count(authPath)).toBe(2);
      const requested = hitsOf(server, "GET", messagesPath).map((h) => h.query.get("pageNumber"));
      expect(requested).toEqual([null, "2", "2", "3"]);
    });

    it("yields every simulation exactly once when the session lapses between cursor pages", async () => {
      const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
      const all = Array.from({ length: 7 }, (_, i) => ({
        simulationUniqueID: id(i),
        simulationNumber: i,
      }));
      let pagesServed = 0;
      const server = await startFaultServer(
        portal((hit, res) => {
          if (hit.token === "session-token-1" && pagesServed >= 2)
            return sendJson(res, 401, sessionExpired);
          pagesServed++;
          const after = hit.query.get("nextRecord");
          const start =
            after === null ? 0 : all.findIndex((s) => s.simulationUniqueID === after) + 1;
          const simulations = all.slice(start, start + 3);
          const hasMoreResults = start + 3 < all.length;
          return sendJson(res, 200, { simulations, hasMoreResults });
        }),
      );
      const seen: number[] = [];
      for await (const item of paginate(clientOn(server), "/v1/simulations")) {
        seen.push(item.simulationNumber ?? -1);
      }
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(server.count(authPath)).toBe(2);
      const cursors = hitsOf(server, "GET", "/v1/simulations").map((h) =>
        h.query.get("nextRecord"),
      );
      expect(cursors).toEqual([null, id(2), id(5), id(5)]);
    });
  });

  describe("the authentication endpoint down", () => {
    it("rejects every caller with one clear error after maxRetries + 1 attempts, then recovers", async () => {
      const server = await startFaultServer((_, res) =>
        sendJson(res, 503, { error: "Service Unavailable", message: "Authentication is down" }),
      );
      const client = clientOn(server, { maxRetries: 2 });
      const errors = await Promise.all(
        Array.from({ length: 10 }, () => failureOf(getProcess(client))),
      );
      for (const error of errors) {
        expect(error).toBeInstanceOf(InternalServerError);
        expect((error as Error).message).toBe(`503 Authentication is down (POST ${authPath})`);
      }
      expect(server.count(authPath)).toBe(3);
      expect(server.count(processPath)).toBe(0);

      server.handle(portal((_, res) => sendJson(res, 200, { processUniqueID: processUniqueId })));
      expect(await unwrap(getProcess(client))).toMatchObject({ processUniqueID: processUniqueId });
      expect(server.count(authPath)).toBe(4);
    });

    it("throws ConnectionError naming Authenticate after maxRetries + 1 reset connections", async () => {
      const server = await startFaultServer((_, res) => {
        res.socket?.destroy();
      });
      const error = await failureOf(getProcess(clientOn(server, { maxRetries: 2 })));
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toBe(
        `Request failed: ${transport.resetCode} ${hostOf(server)} (POST ${authPath})`,
      );
      expect(server.count(authPath)).toBe(3);
      expect(server.count(processPath)).toBe(0);
    });
  });

  describe("the CESCE token endpoint answering 500", () => {
    const contractNo = "12345678901";
    const tokenPath = "/oauth2/v1/token";
    const apiPath = `/classifications/v1/contracts/${contractNo}/classifications`;
    const cesceOn = (server: FaultServer) =>
      createCesceClient({
        baseUrl: `${server.url}/classifications/v1`,
        tokenUrl: `${server.url}${tokenPath}`,
        ...sendWith,
        credentials: {
          clientId: "app-id",
          clientSecret: "app-secret",
          username: "insured",
          password: "password",
        },
        maxRetries: 2,
        timeoutMs: 2_000,
      });
    const query = (client: ReturnType<typeof cesceOn>) =>
      client.GET("/contracts/{contractNo}/classifications", { params: { path: { contractNo } } });

    it("throws InternalServerError after maxRetries + 1 token requests when the body is not RFC 6749", async () => {
      const server = await startFaultServer((_, res) =>
        sendJson(res, 500, {
          httpCode: "500",
          httpMessage: "Internal Server Error",
          moreInformation: "Token service failed",
        }),
      );
      const error = await failureOf(query(cesceOn(server)));
      expect(error).toBeInstanceOf(InternalServerError);
      expect((error as Error).message).toBe(`500 Token service failed (POST ${tokenPath})`);
      expect(server.count(tokenPath)).toBe(3);
      expect(server.count(apiPath)).toBe(0);
    });

    it("throws OAuthError with the RFC 6749 error after maxRetries + 1 token requests", async () => {
      const server = await startFaultServer((_, res) =>
        sendJson(res, 500, { error: "server_error", error_description: "try later" }),
      );
      const error = await failureOf(query(cesceOn(server)));
      expect(error).toBeInstanceOf(OAuthError);
      expect(error).toMatchObject({
        status: 500,
        error: "server_error",
        errorDescription: "try later",
      });
      expect(error).toBeInstanceOf(SdkError);
      expect(server.count(tokenPath)).toBe(3);
      expect(server.count(apiPath)).toBe(0);
    });
  });
});
