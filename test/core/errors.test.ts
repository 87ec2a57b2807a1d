import { describe, expect, it } from "vitest";
import { parseErrorBody } from "../../src/core/error-body.ts";
import {
  ApiError,
  AuthenticationError,
  apiErrorClassFor,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  SdkError,
  UnprocessableEntityError,
} from "../../src/core/errors.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, portalServer } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const request = { method: "GET", path: "/v1/things" };

describe("parseErrorBody", () => {
  it("splits each six-digit code of the Partners Portal's errors[] into its parts", () => {
    const parsed = parseErrorBody(
      {
        errors: [
          { errorCode: "010203", errorMessage: "Missing field", errorField: "InputField" },
          { errorCode: "990001", errorMessage: "Other problem" },
        ],
      },
      "Bad Request",
    );
    expect(parsed.details).toEqual([
      {
        code: "010203",
        category: "01",
        field: "02",
        error: "03",
        message: "Missing field",
        fieldName: "InputField",
      },
      {
        code: "990001",
        category: "99",
        field: "00",
        error: "01",
        message: "Other problem",
        fieldName: undefined,
      },
    ]);
    expect(parsed.summary).toBe("Missing field [InputField]");
  });

  it("leaves the parts empty when a code is not six digits", () => {
    const parsed = parseErrorBody({ errors: [{ errorCode: "E12", errorMessage: "Odd" }] }, "");
    expect(parsed.details[0]).toMatchObject({ code: "E12", category: "", field: "", error: "" });
    expect(parsed.summary).toBe("Odd");
  });

  it("summarises a { error, message } body by its message", () => {
    const parsed = parseErrorBody({ error: "Not Found", message: "Process not found" }, "");
    expect(parsed.summary).toBe("Process not found");
    expect(parsed.details).toEqual([]);
  });

  it("reads a 422 body's validationErrors", () => {
    const parsed = parseErrorBody(
      {
        error: "Validation Error",
        message: "Invalid request data",
        validationErrors: [{ field: "amount", message: "Amount must be greater than 0" }],
      },
      "Unprocessable Entity",
    );
    expect(parsed.validationErrors).toEqual([
      { field: "amount", message: "Amount must be greater than 0" },
    ]);
    expect(parsed.summary).toBe("Invalid request data");
  });

  it("reads a 429 body's retryAfter in seconds, as milliseconds", () => {
    const parsed = parseErrorBody(
      { error: "Too Many Requests", message: "Rate limit exceeded.", retryAfter: 45 },
      "",
    );
    expect(parsed.retryAfterMs).toBe(45_000);
    expect(parseErrorBody({ message: "x" }, "").retryAfterMs).toBeUndefined();
    expect(parseErrorBody({ retryAfter: -5 }, "").retryAfterMs).toBeUndefined();
  });

  it("prefers the response's Retry-After header to the body's retryAfter", () => {
    const response = new Response(null, { headers: { "retry-after": "7" } });
    expect(parseErrorBody({ retryAfter: 45 }, "", response).retryAfterMs).toBe(7_000);
    expect(parseErrorBody({ message: "busy" }, "", response).retryAfterMs).toBe(7_000);
  });

  it("summarises an OAuth error by its error_description (RFC 6749 §5.2)", () => {
    const parsed = parseErrorBody(
      { error: "invalid_grant", error_description: "Bad user credentials" },
      "",
    );
    expect(parsed.summary).toBe("Bad user credentials");
    expect(parseErrorBody({ error: "invalid_client" }, "").summary).toBe("invalid_client");
  });

  it("summarises an IBM gateway error by moreInformation", () => {
    const parsed = parseErrorBody(
      { httpCode: "401", httpMessage: "Unauthorized", moreInformation: "Invalid client id" },
      "",
    );
    expect(parsed.summary).toBe("Invalid client id");
    expect(parseErrorBody({ httpCode: "500", httpMessage: "Internal" }, "").summary).toBe(
      "Internal",
    );
  });

  it("summarises a problem+json body by its detail, else its title", () => {
    const problem = { type: "about:blank", title: "Not Found", detail: "Route not resolved" };
    expect(parseErrorBody(problem, "").summary).toBe("Route not resolved");
    expect(parseErrorBody({ title: "Unprocessable" }, "").summary).toBe("Unprocessable");
  });

  it("parses a JSON string it is given as raw text", () => {
    const parsed = parseErrorBody('{"error":"Conflict","message":"Already submitted"}', "");
    expect(parsed.summary).toBe("Already submitted");
    expect(parsed.body).toEqual({ error: "Conflict", message: "Already submitted" });
  });

  it("summarises a non-JSON body by an excerpt of at most 200 characters", () => {
    const html = `<html><body>${"Bad gateway ".repeat(50)}</body></html>`;
    const parsed = parseErrorBody(html, "Bad Gateway");
    expect(parsed.body).toBe(html);
    expect(parsed.summary.length).toBeLessThanOrEqual(200);
    expect(html.startsWith(parsed.summary)).toBe(true);
    expect(parsed.summary).toContain("Bad gateway");
  });

  it("summarises an empty body by the status text", () => {
    expect(parseErrorBody("", "Service Unavailable")).toEqual({
      body: undefined,
      summary: "Service Unavailable",
      details: [],
      validationErrors: [],
      retryAfterSeconds: undefined,
    });
    expect(parseErrorBody(undefined, "").summary).toBe("Error");
  });

  it("falls back to the status text when a JSON body has no known field", () => {
    expect(parseErrorBody({ unexpected: true }, "Teapot").summary).toBe("Teapot");
    expect(parseErrorBody([1, 2], "List").summary).toBe("List");
  });
});

describe("apiErrorClassFor", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, ApiError],
  ] as const)("maps %i to its class", (status, ErrorClass) => {
    expect(apiErrorClassFor(status)).toBe(ErrorClass);
  });

  it("builds errors that are ApiError and SdkError with a name of their own", () => {
    const error = new (apiErrorClassFor(409))(409, request, parseErrorBody({}, "Conflict"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(SdkError);
    expect(error.name).toBe("ConflictError");
  });
});

describe("AuthenticationError", () => {
  it.each([
    ["Invalid master credentials", "master"],
    ["Invalid BROKER credentials", "broker"],
    ["Invalid user credentials", "user"],
    ["Session expired", undefined],
  ])("reads the credential level when the message is %j", (message, level) => {
    const error = new AuthenticationError(
      401,
      request,
      parseErrorBody({ error: "Unauthorized", message }, ""),
    );
    expect(error.credentialLevel).toBe(level);
  });
});

describe("RateLimitError", () => {
  it("gives retryAfterMs from the body's retryAfter", () => {
    const error = new RateLimitError(429, request, parseErrorBody({ retryAfter: 45 }, ""));
    expect(error.retryAfterMs).toBe(45_000);
  });
});

describe("ApiError", () => {
  /** A client whose every non-authentication route answers `answer`. */
  const clientAnswering = (answer: () => Response) =>
    createPartnersPortalClient({
      baseUrl,
      credentials,
      maxRetries: 0,
      fetch: portalServer(answer).fetch,
    });

  it("reads <status> <summary> (<METHOD> <path>) without the query when made through the transport", async () => {
    const client = clientAnswering(() =>
      json({ error: "Not Found", message: "No simulations" }, 404),
    );
    const error = await unwrap(
      client.GET("/v1/simulations", { params: { query: { filterByText: "Maria Silva" } } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe("404 No simulations (GET /v1/simulations)");
  });

  it("names the blamed field in the message of a 400", async () => {
    const client = clientAnswering(() =>
      json(
        { errors: [{ errorCode: "010101", errorMessage: "Missing field", errorField: "subject" }] },
        400,
      ),
    );
    const error = await unwrap(
      client.POST("/v1/processes/{processUniqueId}/message", {
        params: { path: { processUniqueId } },
        body: { subject: "", text: "t" },
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toBe(
      `400 Missing field [subject] (POST /v1/processes/${processUniqueId}/message)`,
    );
  });

  it("uses the status text in the message when the body is empty", async () => {
    const client = clientAnswering(
      () => new Response("", { status: 503, statusText: "Service Unavailable" }),
    );
    const error = await unwrap(client.GET("/v1/simulations")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toBe("503 Service Unavailable (GET /v1/simulations)");
  });

  it("uses an excerpt of a non-JSON body in the message", async () => {
    const client = clientAnswering(
      () =>
        new Response("<html>upstream timed out</html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
    );
    const error = await unwrap(client.GET("/v1/simulations")).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      "502 <html>upstream timed out</html> (GET /v1/simulations)",
    );
  });
});
