/**
 * Every declared error response of every operation, reached on the static Prism with
 * `Prefer: code=<status>`: `unwrap` must throw exactly the class `apiErrorClassFor` names, with
 * the status, the request and the served example as its parsed body. Authenticate and the token
 * endpoint, which the clients call on their own, are reached both directly and through the SDK.
 */
import createClient from "openapi-fetch";
import { describe, type ExpectStatic, inject, it } from "vitest";
import type { paths as oauthPaths } from "../../generated/cesce-oauth.ts";
import type { paths as portalPaths } from "../../generated/partners-portal.ts";
import {
  type ApiError,
  AuthenticationError,
  apiErrorClassFor,
  OAuthError,
} from "../../src/core/errors.ts";
import { CesceEnvelopeError, unwrap } from "../../src/core/unwrap.ts";
import {
  cesceClientOn,
  cesceCredentials,
  pathOf,
  portalClientOn,
  portalCredentials,
  send,
  steeredFetch,
} from "./clients.ts";
import { type BuiltRequest, requestFor } from "./requests.ts";
import {
  declaredStatuses,
  examplesOf,
  expectNoViolations,
  isSuccess,
  servedExample,
} from "./responses.ts";
import {
  type ContractApi,
  classifications,
  label,
  type OperationRow,
  oauth,
  portal,
} from "./specs.ts";

const urls = inject("prismUrls");
// No retries: a 429 or 5xx must reach unwrap as it was served, not be sent again.
const portalClient = portalClientOn(urls, { maxRetries: 0 });
const cesceClient = cesceClientOn(urls, { maxRetries: 0 });

const authenticate = portal.operations.find(
  (r) => r.operationId === "authenticate",
) as OperationRow;
const token = oauth.operations.find((r) => r.operationId === "requestToken") as OperationRow;
const genders = portal.operations.find((r) => r.path === "/v1/taxonomy/genders") as OperationRow;
const query = classifications.operations[0] as OperationRow;

const errorStatuses = (api: ContractApi, row: OperationRow) =>
  declaredStatuses(api, row).filter((status) => !isSuccess(status));
const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/**
 * The class an error answer maps to: by status, except a 400 whose CESCE envelope reports a
 * business error, which is a `CesceEnvelopeError` (CESCE's error catalogue files them as 400s).
 */
function expectedClass(status: number, body: unknown) {
  const code = (body as { error?: { errorCode?: unknown } } | null)?.error?.errorCode;
  const envelope = status === 400 && code !== undefined && String(code) !== "0";
  return envelope ? CesceEnvelopeError : apiErrorClassFor(status);
}

/** The assertions every mapped error must pass, whatever produced it. */
function expectMapped(expect: ExpectStatic, error: unknown, status: number, body: unknown) {
  const ErrorClass = expectedClass(status, body);
  expect(error).toBeInstanceOf(ErrorClass);
  expect((error as object).constructor).toBe(ErrorClass); // the exact class, not a parent
  const apiError = error as ApiError & { validationErrors?: unknown; retryAfterMs?: unknown };
  expect(apiError.status).toBe(status);
  expect(apiError.body).toEqual(body);
  const fields = body as { errors?: { errorCode: string }[]; validationErrors?: unknown[] };
  expect(apiError.details.map((d) => d.code)).toEqual(
    (fields.errors ?? []).map((e) => e.errorCode),
  );
  if (status === 422) expect(apiError.validationErrors).toEqual(fields.validationErrors ?? []);
  if (status === 429) {
    const { retryAfter } = body as { retryAfter?: number };
    expect(apiError.retryAfterMs).toBe(retryAfter === undefined ? undefined : retryAfter * 1000);
  }
}

/** Each declared error status of each operation, once per JSON example it declares. */
function describeErrors(api: ContractApi, client: { request: unknown }) {
  for (const row of api.operations) {
    for (const status of errorStatuses(api, row)) {
      for (const [example, body] of examplesOf(api, row, status)) {
        const name = expectedClass(status, body).name;
        const prefer =
          example === "example" ? `code=${status}` : `code=${status}, example=${example}`;
        const which = example === "example" ? "" : ` (${example})`;
        it.concurrent(`throws ${name} for the declared ${status}${which} of ${label(row)}`, async ({
          expect,
        }) => {
          const request = requestFor(api, row);
          const result = await send(client, row, request, { Prefer: prefer });
          expectNoViolations(result.response);
          expect(result.response.status).toBe(status);
          const error = await rejectionOf(unwrap(result));
          expectMapped(expect, error, status, body);
          expect(error).toMatchObject({ method: row.method, path: pathOf(row, request) });
        });
      }
    }
  }
}

describe("unwrap", () => {
  describe("on the Partners Portal", () => {
    describeErrors(
      { ...portal, operations: portal.operations.filter((r) => r !== authenticate) },
      portalClient,
    );
  });

  describe("on CESCE Classifications", () => {
    describeErrors(classifications, cesceClient);
  });

  describe("on Authenticate, called directly", () => {
    const plain = createClient<portalPaths>({ baseUrl: urls["partners-portal"] });
    const header = {
      xClientID: portalCredentials.clientId,
      xClientSecret: portalCredentials.clientSecret,
      xBrokerUID: portalCredentials.brokerUid,
      xUsername: portalCredentials.username,
    };
    for (const status of errorStatuses(portal, authenticate)) {
      it.concurrent(`throws ${apiErrorClassFor(status).name} for its declared ${status}`, async ({
        expect,
      }) => {
        const result = await plain.POST("/v1/authentication", {
          params: { header },
          headers: { Prefer: `code=${status}` },
        });
        expectNoViolations(result.response);
        const error = await rejectionOf(unwrap(result));
        expectMapped(expect, error, status, servedExample(portal, authenticate, status));
      });
    }

    it("names the credential level a 401 refused", async ({ expect }) => {
      const result = await plain.POST("/v1/authentication", {
        params: { header },
        headers: { Prefer: "code=401" },
      });
      const error = await rejectionOf(unwrap(result));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).credentialLevel).toBe("master");
    });
  });

  describe("on the token endpoint, called directly", () => {
    const plain = createClient<oauthPaths>({ baseUrl: urls["cesce-oauth"] });
    const body = requestExampleOfToken();
    for (const status of errorStatuses(oauth, token)) {
      it.concurrent(`throws ${apiErrorClassFor(status).name} for its declared ${status}`, async ({
        expect,
      }) => {
        const result = await plain.POST("/token", {
          body: body as never,
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Prefer: `code=${status}`,
          },
        });
        expectNoViolations(result.response);
        const error = await rejectionOf(unwrap(result));
        expectMapped(expect, error, status, servedExample(oauth, token, status));
      });
    }
  });
});

describe("createPartnersPortalClient", () => {
  for (const status of errorStatuses(portal, authenticate)) {
    const name = apiErrorClassFor(status).name;
    it.concurrent(`throws ${name} when its Authenticate gets the declared ${status}`, async ({
      expect,
    }) => {
      const client = portalClientOn(urls, {
        maxRetries: 0,
        fetch: steeredFetch("/v1/authentication", `code=${status}`),
      });
      const error = await rejectionOf(send(client, genders, requestFor(portal, genders)));
      expectMapped(expect, error, status, servedExample(portal, authenticate, status));
      expect(error).toMatchObject({ method: "POST", path: "/v1/authentication" });
    });
  }
});

describe("createCesceClient", () => {
  const examples = Object.fromEntries(
    errorStatuses(oauth, token).map((status) => [status, servedExample(oauth, token, status)]),
  ) as Record<number, { error?: string; error_description?: string }>;

  for (const status of errorStatuses(oauth, token)) {
    const example = examples[status] ?? {};
    // RFC 6749 §5.2: a body with `error` is the token endpoint's refusal; anything else is the gateway's.
    const expected = example.error === undefined ? apiErrorClassFor(status).name : "OAuthError";
    it.concurrent(`throws ${expected} when its token request gets the declared ${status}`, async ({
      expect,
    }) => {
      const client = cesceClientOn(urls, {
        maxRetries: 0,
        fetch: steeredFetch("/token", `code=${status}`),
      });
      const error = await rejectionOf(send(client, query, requestFor(classifications, query)));
      if (example.error === undefined) {
        expectMapped(expect, error, status, example);
        return;
      }
      expect(error).toBeInstanceOf(OAuthError);
      expect(error).toMatchObject({
        status,
        error: example.error,
        errorDescription: example.error_description,
      });
      expect(String(error)).not.toContain(cesceCredentials.password);
    });
  }
});

describe("expectNoViolations", () => {
  it("tells Prism's verdict on an invalid request from a declared 422 that looks the same", async ({
    expect,
  }) => {
    const row = portal.operations.find(
      (r) => r.operationId === "createProcessMessage",
    ) as OperationRow;
    const invalid: BuiltRequest = { ...requestFor(portal, row), body: { subject: 42 } };
    const result = await send(portalClient, row, invalid, { Prefer: "code=422" });
    expect(result.response.status).toBe(422);
    expect(result.error).toEqual(servedExample(portal, row, 422));
    expect(() => expectNoViolations(result.response)).toThrow(/Prism refused the request \(422\)/);
  });
});

/** The token endpoint's form example, the one request body the contract tests send as a form. */
function requestExampleOfToken(): Record<string, string> {
  const content = oauth.spec.paths["/token"].post.requestBody.content;
  return content["application/x-www-form-urlencoded"].example as Record<string, string>;
}
