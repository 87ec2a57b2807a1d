import { describe, expect, it } from "vitest";
import { apiErrorFrom, envelopeErrorOf } from "../../src/core/api-error-from.ts";
import {
  ApiError,
  BadRequestError,
  CesceEnvelopeError,
  InternalServerError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../src/core/errors.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, portalServer } from "../helpers.ts";

const request = { method: "GET", path: "/v1/things" };
const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

/** Error bodies a broken or hostile server could send, as raw JSON text. */
const hostileBodies = {
  "a toString key": '{"toString": 1}',
  "toString and valueOf keys": '{"toString": 1, "valueOf": 1, "message": {"toString": 1}}',
  "an object error code and message": '{"errors":[{"errorCode":{"toString":1},"errorMessage":{}}]}',
  "object validation fields": '{"validationErrors":[{"field":{"toString":1},"message":[1,2]}]}',
  "an error code nested 20 000 deep": `{"errors":[{"errorCode":${nested(20_000)}}]}`,
  "a message nested 20 000 deep": `{"message":${nested(20_000)}}`,
  "a body nested 20 000 deep": nested(20_000),
  "an object retryAfter": '{"retryAfter": {"toString": 1}}',
} as const;

describe("apiErrorFrom", () => {
  it("picks the status's class and reads the request id and the body's summary", () => {
    const response = json({ message: "Busy" }, 503, { "x-correlation-id": "c-1" });
    const error = apiErrorFrom(response, { message: "Busy" }, request);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, requestId: "c-1", body: { message: "Busy" } });
    expect(error.message).toBe("503 Busy (GET /v1/things)");
  });

  it("keeps the body as given when a summary replaces the one read from it", () => {
    const response = new Response("{oops", { status: 200 });
    const error = apiErrorFrom(response, "{oops", request, "Malformed JSON");
    expect(error.constructor).toBe(ApiError);
    expect(error).toMatchObject({ body: "{oops", message: "200 Malformed JSON (GET /v1/things)" });
  });

  it("sets RateLimitError.retryAfterMs from the Retry-After header when the body says nothing", () => {
    const response = json({ message: "Slow down" }, 429, { "retry-after": "30" });
    const error = apiErrorFrom(response, { message: "Slow down" }, request);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(30_000);
  });

  it.each(Object.entries(hostileBodies))(
    "builds the status's class with a readable message when the body has %s",
    (_, text) => {
      for (const [status, ErrorClass] of [
        [400, BadRequestError],
        [422, UnprocessableEntityError],
        [429, RateLimitError],
        [500, InternalServerError],
      ] as const) {
        const body = JSON.parse(text) as unknown;
        const error = apiErrorFrom(new Response(text, { status }), body, request);
        expect(error).toBeInstanceOf(ErrorClass);
        expect(error.message).toMatch(new RegExp(`^${status} \\S.* \\(GET /v1/things\\)$`));
        expect(error.message.length).toBeLessThan(300);
        expect(error.body).toBe(body);
      }
    },
  );

  it("reads a number or boolean message as text", () => {
    const error = apiErrorFrom(new Response(null, { status: 400 }), { message: 42 }, request);
    expect(error.message).toBe("400 42 (GET /v1/things)");
  });
});

describe("envelopeErrorOf", () => {
  const ok = new Response(null, { status: 200 });

  it("reports an object errorCode as an error without turning it into text", () => {
    const data = { error: { errorCode: { toString: 1 }, errorDescription: [[1]] } };
    const error = envelopeErrorOf(ok, data);
    expect(error).toBeInstanceOf(CesceEnvelopeError);
    expect(error).toMatchObject({ code: "(unreadable code)", description: "", body: data });
  });

  it("finds no error when errorCode is 0, as text or number, or absent", () => {
    expect(envelopeErrorOf(ok, { error: { errorCode: "0" } })).toBeUndefined();
    expect(envelopeErrorOf(ok, { error: { errorCode: 0 } })).toBeUndefined();
    expect(envelopeErrorOf(ok, { error: { errorDescription: "x" } })).toBeUndefined();
    expect(envelopeErrorOf(ok, [1, 2])).toBeUndefined();
    expect(envelopeErrorOf(ok, null)).toBeUndefined();
  });
});

describe("unwrap", () => {
  it("throws RateLimitError with retryAfterMs when only the Retry-After header asks for a wait", async () => {
    const client = createPartnersPortalClient({
      baseUrl: "http://127.0.0.1:9",
      credentials,
      maxRetries: 0,
      fetch: portalServer(() => json({ message: "Slow down" }, 429, { "retry-after": "90" })).fetch,
    });
    const error = await unwrap(client.GET("/v1/simulations")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(90_000);
  });

  it.each(Object.entries(hostileBodies))(
    "throws the status's ApiError subclass through the client when the body has %s",
    async (_, text) => {
      const client = createPartnersPortalClient({
        baseUrl: "http://127.0.0.1:9",
        credentials,
        maxRetries: 0,
        fetch: portalServer(
          () =>
            new Response(text, { status: 422, headers: { "content-type": "application/json" } }),
        ).fetch,
      });
      const error = await unwrap(client.GET("/v1/simulations")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnprocessableEntityError);
      expect((error as Error).message).toMatch(/^422 \S.* \(GET \/v1\/simulations\)$/);
    },
  );
});
