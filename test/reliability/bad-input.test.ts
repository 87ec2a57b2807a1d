/**
 * Hostile and malformed input, property-based (fast-check), against a real loopback server that
 * records the raw request target: path parameters cannot change the path, header values cannot
 * split a header, any error body still gives a typed error, and credentials are never sent over
 * plain http to anything but loopback.
 */
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import {
  ApiError,
  apiErrorClassFor,
  ConfigurationError,
  ConnectionError,
  SdkError,
} from "../../src/core/errors.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials } from "../helpers.ts";
import { type FaultServer, portal, sendJson, sendText, startFaultServer } from "./fault-server.ts";

const cesceCredentials = {
  clientId: "app-id",
  clientSecret: "app-secret",
  username: "insured",
  password: "password",
};

/** What the API routes answer: tests set it before each call. */
let answer: (res: Parameters<typeof sendJson>[0]) => void = (res) => sendJson(res, 200, {});
let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer(
    portal((hit, res) => {
      if (hit.path === "/oauth2/v1/token")
        return sendJson(res, 200, { access_token: "access", expires_in: 3600 });
      return answer(res);
    }),
  );
});
afterAll(async () => {
  await server.close();
});

const portalClient = (options: { language?: string } = {}) =>
  createPartnersPortalClient({
    baseUrl: server.url,
    credentials,
    maxRetries: 0,
    timeoutMs: 5_000,
    ...options,
  });
const cesceClient = () =>
  createCesceClient({
    baseUrl: `${server.url}/classifications/v1`,
    tokenUrl: `${server.url}/oauth2/v1/token`,
    credentials: cesceCredentials,
    maxRetries: 0,
    timeoutMs: 5_000,
  });
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error ?? new Error("rejected with nothing"),
  );
/** The requests the server received for paths other than the two token endpoints. */
const apiHits = () =>
  server.hits.filter((hit) => hit.path !== "/v1/authentication" && hit.path !== "/oauth2/v1/token");

describe("path parameters", () => {
  const special = fc.constantFrom(
    ".",
    "..",
    "../",
    "../..",
    "..%2f",
    "%2e%2e",
    "%2E%2E",
    ".%2e",
    "..;",
    "...",
    "?",
    "#",
    "/",
    "//",
    "\\..\\",
    "a/../b",
    "x?y=1#z",
    "%",
    "%zz",
    "",
    " ",
    "\uff0e\uff0e",
    "\u3002\u3002",
  );
  /** Strings built from the characters that matter in a path, mixed with any code point. */
  const value = fc.oneof(
    special,
    fc.string({ unit: "binary" }),
    fc.string({ unit: "grapheme" }),
    fc.string({ unit: fc.constantFrom(".", "/", "?", "#", "%", "\\", "2e", "2f", ";", "a", " ") }),
  );

  /** Always tried, whatever the seed: the values that would move the request elsewhere. */
  const mustTry: [string][] = [["."], [".."], ["../"], ["?"], ["#"], ["/"], ["%2e%2e"]];

  /** Refused with SdkError and nothing sent, or sent once with the value in its own segment. */
  async function expectConfined(
    call: Promise<unknown>,
    value: string,
    prefix: string,
    suffix: string,
  ) {
    const error = await failureOf(call);
    if (error !== undefined) {
      expect(error).toBeInstanceOf(SdkError);
      expect(apiHits()).toHaveLength(0);
      return;
    }
    const hits = apiHits();
    expect(hits).toHaveLength(1);
    const raw = hits[0]?.rawPath ?? "";
    expect(raw.startsWith(prefix)).toBe(true);
    expect(raw.endsWith(suffix)).toBe(true);
    const segment = raw.slice(prefix.length, raw.length - suffix.length);
    expect(segment).not.toMatch(/[/?#]/);
    expect(decodeURIComponent(segment)).toBe(value);
  }

  it("percent-encodes any Partners Portal path parameter into its own segment, or refuses it with SdkError", async () => {
    answer = (res) => sendJson(res, 200, { messages: [] });
    const client = portalClient();
    await client.GET("/v1/simulations");
    await fc.assert(
      fc.asyncProperty(value, async (processUniqueId) => {
        server.reset();
        const call = client.GET("/v1/processes/{processUniqueId}/message", {
          params: { path: { processUniqueId } },
        });
        await expectConfined(call, processUniqueId, "/v1/processes/", "/message");
      }),
      { numRuns: 300, examples: mustTry },
    );
  });

  it("percent-encodes any CESCE path parameter into its own segment, or refuses it with SdkError", async () => {
    answer = (res) => sendJson(res, 200, { error: { errorCode: "0" } });
    const client = cesceClient();
    await fc.assert(
      fc.asyncProperty(value, async (contractNo) => {
        server.reset();
        const call = client.GET("/contracts/{contractNo}/classifications", {
          params: { path: { contractNo } },
        });
        await expectConfined(
          call,
          contractNo,
          "/classifications/v1/contracts/",
          "/classifications",
        );
      }),
      { numRuns: 100, examples: mustTry },
    );
  });

  it.each([".", ".."])("refuses %j with SdkError before sending anything", async (value) => {
    server.reset();
    const error = await failureOf(
      portalClient().GET("/v1/processes/{processUniqueId}/message", {
        params: { path: { processUniqueId: value } },
      }),
    );
    expect(error).toBeInstanceOf(SdkError);
    expect(server.hits).toHaveLength(0);
  });

  // Fails today: encodeURIComponent throws URIError on a lone surrogate, and safePathSerializer
  // (src/core/config.ts:59) lets it through, though every error the SDK throws should be an SdkError.
  it.each(["\ud800", "a\udfffb"])(
    "refuses the lone surrogate in %j with SdkError before sending anything",
    async (value) => {
      server.reset();
      const error = await failureOf(
        portalClient().GET("/v1/processes/{processUniqueId}/message", {
          params: { path: { processUniqueId: value } },
        }),
      );
      expect(error).toBeInstanceOf(SdkError);
      expect(server.hits).toHaveLength(0);
    },
  );
});

describe("header values", () => {
  const lineBreak = fc.constantFrom("\r", "\n", "\r\n");
  /** Printable ASCII with tabs, and CR, LF or CRLF inserted anywhere, ends included. */
  const anywhere = fc
    .tuple(
      fc.string({ unit: fc.oneof(fc.constant("\t"), fc.string({ minLength: 1, maxLength: 1 })) }),
      fc.array(fc.tuple(fc.nat(), lineBreak), { minLength: 1, maxLength: 3 }),
    )
    .map(([text, breaks]) => {
      let out = text;
      for (const [at, inserted] of breaks) {
        const i = at % (out.length + 1);
        out = `${out.slice(0, i)}${inserted}${out.slice(i)}`;
      }
      return out;
    });
  /** A line break with text on both sides: a header split attempt. */
  const inside = fc
    .tuple(fc.string(), lineBreak, fc.string())
    .map(([before, inserted, after]) => `v${before}${inserted}${after}w`);
  const withLineBreaks = fc.oneof(anywhere, inside);
  /** What the platform sends once it trims HTTP whitespace from both ends (Fetch §2.2). */
  const trimmed = (value: string) => value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");

  /**
   * A CR or LF inside the value: refused before anything is sent. Only at its ends: the platform
   * trims them, and the server receives the trimmed value as one header and no other header.
   */
  async function expectNoSplit(call: Promise<unknown>, value: string, header: string) {
    const error = await failureOf(call);
    const sent = trimmed(value);
    if (/[\r\n]/.test(sent)) {
      expect(error).toBeInstanceOf(Error);
      expect(apiHits()).toHaveLength(0);
      outcomes.add("refused");
      return;
    }
    outcomes.add("sent");
    expect(error).toBeUndefined();
    const hits = apiHits();
    expect(hits).toHaveLength(1);
    const names = hits[0]?.headerNames.map((name) => name.toLowerCase()) ?? [];
    expect(names.filter((name) => name === header)).toHaveLength(1);
    expect(names.every((name) => allowedHeaders.has(name) || name === header)).toBe(true);
    expect(hits[0]?.headers[header]).toBe(sent);
  }
  let allowedHeaders = new Set<string>();
  /** Which of the two outcomes a property met: each property must meet both. */
  const outcomes = new Set<"refused" | "sent">();

  beforeEach(() => outcomes.clear());

  beforeAll(async () => {
    answer = (res) => sendJson(res, 200, {});
    server.reset();
    await portalClient().GET("/v1/simulations");
    await cesceClient().GET("/contracts/{contractNo}/classifications", {
      params: { path: { contractNo: "1" } },
    });
    allowedHeaders = new Set(
      apiHits().flatMap((hit) => hit.headerNames.map((n) => n.toLowerCase())),
    );
  });

  it("never sends a Partners Portal header parameter with a CR or LF inside its value", async () => {
    answer = (res) => sendJson(res, 200, {});
    const client = portalClient();
    await client.GET("/v1/simulations");
    await fc.assert(
      fc.asyncProperty(withLineBreaks, async (correlationId) => {
        server.reset();
        const call = client.GET("/v1/simulations", { params: { header: { correlationId } } });
        await expectNoSplit(call, correlationId, "correlationid");
      }),
      { numRuns: 200 },
    );
    expect([...outcomes].sort()).toEqual(["refused", "sent"]);
  });

  // The language option is refused at creation now (it used to be refused, or trimmed, per request).
  it("refuses the language option with CR, LF or NUL anywhere at creation, sending nothing", () => {
    const withNul = fc
      .tuple(fc.string(), fc.string())
      .map(([before, after]) => `${before}\0${after}`);
    fc.assert(
      fc.property(fc.oneof(withLineBreaks, withNul), (text) => {
        server.reset();
        const language = `pt-PT-L4NG${text}`;
        expect(() => portalClient({ language })).toThrow(ConfigurationError);
        expect(() => portalClient({ language })).toThrow(/^language must/);
        expect(() => portalClient({ language })).not.toThrow(/L4NG/);
        expect(server.hits).toHaveLength(0);
      }),
      { numRuns: 100 },
    );
  });

  it("never sends a CESCE request header with a CR or LF inside its value", async () => {
    answer = (res) => sendJson(res, 200, { error: { errorCode: "0" } });
    const client = cesceClient();
    await fc.assert(
      fc.asyncProperty(withLineBreaks, async (trace) => {
        server.reset();
        const call = client.GET("/contracts/{contractNo}/classifications", {
          params: { path: { contractNo: "1" } },
          headers: { "x-trace": trace },
        });
        await expectNoSplit(call, trace, "x-trace");
      }),
      { numRuns: 100 },
    );
    expect([...outcomes].sort()).toEqual(["refused", "sent"]);
  });

  it("refuses a credential with CR or LF anywhere at creation, naming the field, never the value", () => {
    const portalFields = ["clientId", "clientSecret", "brokerUid", "username"] as const;
    const cesceFields = ["clientId", "clientSecret", "username", "password"] as const;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...portalFields).map((field) => ({ api: "portal", field })),
          fc.constantFrom(...cesceFields).map((field) => ({ api: "cesce", field })),
        ),
        withLineBreaks,
        ({ api, field }, text) => {
          const value = `S3CR3T${text}`;
          const create = () =>
            api === "portal"
              ? createPartnersPortalClient({
                  baseUrl: server.url,
                  credentials: { ...credentials, [field]: value },
                })
              : createCesceClient({
                  baseUrl: server.url,
                  tokenUrl: `${server.url}/oauth2/v1/token`,
                  credentials: { ...cesceCredentials, [field]: value },
                });
          let error: unknown;
          try {
            create();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(SdkError);
          expect((error as Error).message).toContain(`credentials.${field}`);
          expect((error as Error).message).not.toContain("S3CR3T");
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("error bodies", () => {
  const knownField = fc.constantFrom(
    "errors",
    "error",
    "message",
    "error_description",
    "moreInformation",
    "detail",
    "title",
    "httpMessage",
    "retryAfter",
    "validationErrors",
  );
  /** Not JSON, JSON of any shape, and the documented fields holding values of the wrong type. */
  const body = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    fc.constantFrom("", "<html><body>502 Bad Gateway</body></html>", "{", "null", "[]", '"text"'),
    fc.json(),
    fc.dictionary(knownField, fc.jsonValue()).map((fields) => JSON.stringify(fields)),
    fc
      .array(
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(fc.constantFrom("errorCode", "errorMessage", "errorField"), fc.jsonValue()),
        ),
      )
      .map((errors) => JSON.stringify({ errors })),
  );
  const contentType = fc.constantFrom(
    "application/json",
    "application/problem+json",
    "text/html",
    "text/plain",
    undefined,
  );

  const parsedJson = (text: string): { value: unknown } | undefined => {
    try {
      return { value: JSON.parse(text) };
    } catch {
      return undefined;
    }
  };

  it("throws the status's ApiError subclass for any error status and any body", async () => {
    const client = portalClient();
    const path = "/v1/processes/p-1/message";
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 400, max: 599 }),
        body,
        contentType,
        async (status, text, type) => {
          answer = (res) => sendText(res, status, text, type ? { "content-type": type } : {});
          const error = await failureOf(
            unwrap(
              client.GET("/v1/processes/{processUniqueId}/message", {
                params: { path: { processUniqueId: "p-1" } },
              }),
            ),
          );
          if (status === 407) {
            // Fetch turns a 407 into a network error (Fetch standard, HTTP-network-or-cache
            // fetch): no response reaches the SDK, so the caller gets a ConnectionError.
            expect(error).toBeInstanceOf(ConnectionError);
            return;
          }
          expect(error).toBeInstanceOf(apiErrorClassFor(status));
          expect(error).toBeInstanceOf(ApiError);
          expect(error).toMatchObject({ status, method: "GET", path });
          const apiError = error as ApiError;
          expect(Array.isArray(apiError.details)).toBe(true);
          const message = apiError.message;
          expect(message.startsWith(`${status} `)).toBe(true);
          expect(message.endsWith(`(GET ${path})`)).toBe(true);
          expect(message).not.toContain("[object ");
          // The body is kept: the text when it is not JSON, the parsed object when it is one.
          const parsed = parsedJson(text);
          if (parsed === undefined) expect(apiError.body).toBe(text === "" ? undefined : text);
          else if (typeof parsed.value === "object" && parsed.value !== null)
            expect(apiError.body).toEqual(parsed.value);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("error summaries", () => {
  // Fails today: summaryOf (src/core/error-body.ts:69) returns the first entry's message even when it is
  // "", so the message reads "400  (GET …)" instead of falling back to the status text.
  it("falls back to the status text when errors[] holds an entry without a message", async () => {
    answer = (res) => sendJson(res, 400, { errors: [{}] });
    const error = await failureOf(
      unwrap(
        portalClient().GET("/v1/processes/{processUniqueId}/message", {
          params: { path: { processUniqueId: "p-1" } },
        }),
      ),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toBe("400 Bad Request (GET /v1/processes/p-1/message)");
  });
});

describe("base URLs", () => {
  const loopback = (host: string) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(host);
  /** Hosts that are not loopback, written in every form a URL allows. */
  const remoteHost = fc
    .oneof(
      fc.domain(),
      fc.ipV4(),
      fc.ipV6().map((ip) => `[${ip}]`),
      fc.constantFrom(
        "127.0.0.1.nip.io",
        "localhost.example.com",
        "127.0.0.1@example.com",
        "example.com#@127.0.0.1",
        "0x7f000001.example.com",
      ),
    )
    .filter((host) => {
      try {
        return !loopback(new URL(`http://${host}`).hostname);
      } catch {
        return false;
      }
    });
  const suffix = fc.constantFrom("", ":8080", "/v1", ":443/api/", "/");
  const scheme = fc.constantFrom("http://", "HTTP://", "Http://");

  it("refuses an http:// base URL or token URL that is not loopback, at creation", () => {
    fc.assert(
      fc.property(scheme, remoteHost, suffix, (http, host, rest) => {
        const url = `${http}${host}${rest}`;
        const local = `http://127.0.0.1:1`;
        const attempts = [
          () => createPartnersPortalClient({ baseUrl: url, credentials }),
          () => createCesceClient({ baseUrl: url, tokenUrl: local, credentials: cesceCredentials }),
          () => createCesceClient({ baseUrl: local, tokenUrl: url, credentials: cesceCredentials }),
        ];
        for (const attempt of attempts) {
          expect(attempt).toThrow(SdkError);
          expect(attempt).toThrow(/https/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("accepts https anywhere and plain http on loopback", () => {
    fc.assert(
      fc.property(fc.domain(), (host) => {
        expect(() =>
          createPartnersPortalClient({ baseUrl: `https://${host}`, credentials }),
        ).not.toThrow();
      }),
      { numRuns: 50 },
    );
    for (const url of ["http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1"]) {
      expect(() => createPartnersPortalClient({ baseUrl: url, credentials })).not.toThrow();
      expect(() =>
        createCesceClient({ baseUrl: url, tokenUrl: url, credentials: cesceCredentials }),
      ).not.toThrow();
    }
  });
});
