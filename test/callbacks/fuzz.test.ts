/**
 * Property-based fuzz of the receiver: hostile bodies and headers, with all four authenticators
 * running on every request. The receiver never answers 5xx by itself, calls the handler only for
 * a body the spec's schema accepts, and never repeats a secret or the body in its answer.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  basicCredentials,
  createCallbackHandler,
  hmacSignature,
  ipAllowlist,
  sharedSecretHeader,
  toNodeListener,
} from "../../src/callbacks/index.ts";
import { processNotification } from "./fixtures.ts";
import { type LoopbackServer, listen } from "./node-server.ts";
import { specAccepts } from "./schema-oracle.ts";

const marker = "SECRETMARKER";
const checks = [
  sharedSecretHeader({ header: "x-callback-secret", secrets: [`${marker}-1`, `${marker}-2`] }),
  basicCredentials({ username: "bctt", password: `${marker}-3` }),
  hmacSignature({ secrets: [`${marker}-4`, `${marker}-5`], prefix: "sha256=" }),
  ipAllowlist(["203.0.113.0/24", "2001:db8::/32"]),
];

let handled: unknown[] = [];
let everHandled = 0;
const handler = createCallbackHandler({
  maxBodyBytes: 2048,
  // Every authenticator runs on every request (so each meets every header); none gates it.
  authenticate: async (request, evidence) => {
    await Promise.all(checks.map((check) => check(request, evidence)));
    return true;
  },
  onNotification: (notification) => {
    handled.push(notification);
    everHandled++;
  },
  onError: () => {},
});

const headerValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."abcXYZ019 =:;/+-_,.\"'%") }),
  fc.constantFrom(
    "",
    `${marker}-1`,
    "Basic Og==",
    "Basic !!",
    "sha256=zz",
    "sha256=",
    "application/json",
  ),
);
const headers = fc.record({
  "content-type": fc.oneof(
    fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "text/plain",
      "application/x+json",
    ),
    headerValue,
  ),
  "x-callback-secret": headerValue,
  authorization: headerValue,
  "x-signature": headerValue,
  "x-forwarded-for": headerValue,
});
const body = fc.oneof(
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .record({
      notificationTypeID: fc.jsonValue(),
      processUniqueId: fc.oneof(fc.uuid(), fc.string()),
      rawBody: fc.jsonValue(),
      note: fc.constant(marker),
    })
    .map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 300 }),
  fc.constant(JSON.stringify({ ...processNotification(), note: marker })),
  fc.string({ minLength: 2040, maxLength: 2100 }),
);
const method = fc.constantFrom("POST", "POST", "POST", "PUT", "GET", "DELETE");
const remoteAddress = fc.oneof(fc.constant(undefined), fc.ipV4(), fc.ipV6(), fc.string());

function isValidBody(bytes: Uint8Array): boolean {
  try {
    return specAccepts(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)));
  } catch {
    return false;
  }
}

function expectSafeAnswer(status: number, text: string, bodyBytes: Uint8Array): void {
  expect(status).toBeLessThan(500);
  expect(text).not.toContain(marker);
  if (status !== 200 && status !== 202) expect(handled).toHaveLength(0);
  if (handled.length > 0) expect(isValidBody(bodyBytes)).toBe(true);
}

const encode = (value: string | Uint8Array) =>
  typeof value === "string" ? new TextEncoder().encode(value) : new Uint8Array(value);

describe("the receiver under fuzzed bodies and headers", () => {
  it("never answers 5xx, never handles a bad body, never repeats a secret (Request objects)", async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        headers,
        body,
        remoteAddress,
        async (verb, head, payload, address) => {
          handled = [];
          const bytes = encode(payload);
          const request = new Request("http://receiver.test/", {
            method: verb,
            headers: head,
            ...(verb === "GET" ? {} : { body: bytes }),
          });
          const response = await handler(request, { remoteAddress: address });
          expectSafeAnswer(response.status, await response.text(), bytes);
        },
      ),
      { numRuns: 400 },
    );
    // The property is not vacuous: valid deliveries did reach the handler.
    expect(everHandled).toBeGreaterThan(0);
  });

  describe("through node:http", () => {
    let server: LoopbackServer;
    beforeAll(async () => {
      server = await listen(toNodeListener(handler));
    });
    afterAll(() => server.close());

    it("keeps the same promises on a real socket", async () => {
      await fc.assert(
        fc.asyncProperty(headers, body, async (head, payload) => {
          handled = [];
          const bytes = encode(payload);
          const response = await fetch(server.url, { method: "POST", headers: head, body: bytes });
          expectSafeAnswer(response.status, await response.text(), bytes);
        }),
        { numRuns: 100 },
      );
    });
  });
});
