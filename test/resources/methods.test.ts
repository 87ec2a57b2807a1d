import { describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import {
  CesceEnvelopeError,
  NotFoundError,
  SdkError,
  UnprocessableEntityError,
} from "../../src/core/errors.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, portalServer, scriptedFetch } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const borrowerUniqueId = "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const ok = { operationStatus: { operationStatusCode: "0", operationStatusMessage: "OK" } };

const portalOn = (route: (request: Request) => Response | Promise<Response>) => {
  const api = portalServer((request) => route(request));
  const portal = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
  return { api, portal };
};
const pathOf = (request: Request | undefined) =>
  request && `${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`;

describe("resource methods", () => {
  it("send the path parameters in path order and return the data", async () => {
    const { api, portal } = portalOn(() => json({ borrowerUniqueID: borrowerUniqueId }));
    const borrower = await portal.processes.borrowers.retrieve(processUniqueId, borrowerUniqueId);
    expect(borrower).toEqual({ borrowerUniqueID: borrowerUniqueId });
    expect(pathOf(api.requests[1])).toBe(
      `GET /v1/processes/${processUniqueId}/borrower/${borrowerUniqueId}`,
    );
  });

  it("send a GET's query object and a write's JSON body", async () => {
    const { api, portal } = portalOn(() => json(ok));
    await portal.processes.esis.email(processUniqueId, { sendAddress: "a@example.pt" });
    await portal.processes.messages.create(processUniqueId, { subject: "s", text: "t" });
    expect(pathOf(api.requests[1])).toBe(
      `GET /v1/processes/${processUniqueId}/esis/email?sendAddress=a%40example.pt`,
    );
    const post = api.requests[2] as Request;
    expect(pathOf(post)).toBe(`POST /v1/processes/${processUniqueId}/message`);
    expect(await post.json()).toEqual({ subject: "s", text: "t" });
  });

  it("throw the error class unwrap throws for the same answer", async () => {
    const notFound = { error: "Not Found", message: "No such process" };
    const { portal } = portalOn(() => json(notFound, 404));
    const viaMethod = await portal.processes.retrieve(processUniqueId).catch((e: unknown) => e);
    const viaUnwrap = await unwrap(
      portal.GET("/v1/processes/{processUniqueId}", { params: { path: { processUniqueId } } }),
    ).catch((e: unknown) => e);
    expect(viaMethod).toBeInstanceOf(NotFoundError);
    expect(viaMethod).toMatchObject({
      status: 404,
      body: notFound,
      path: (viaUnwrap as NotFoundError).path,
    });
    expect((viaMethod as Error).message).toBe((viaUnwrap as Error).message);
  });

  it("throw UnprocessableEntityError with the validation errors of a 422", async () => {
    const body = { validationErrors: [{ field: "loanAmount", message: "too low" }] };
    const { portal } = portalOn(() => json(body, 422));
    await expect(portal.simulations.update("s-1", { loanAmount: 1 })).rejects.toBeInstanceOf(
      UnprocessableEntityError,
    );
  });

  it("refuse an empty or missing path parameter before sending anything", async () => {
    const { api, portal } = portalOn(() => json(ok));
    await expect(portal.processes.cancel("")).rejects.toThrow(
      new SdkError(
        'Path parameter processUniqueId must be a non-empty string or a finite number (got "")',
      ),
    );
    // @ts-expect-error: the borrower's id is missing
    await expect(portal.processes.borrowers.delete(processUniqueId)).rejects.toThrow(
      "Path parameter borrowerUniqueId must be a non-empty string or a finite number (got undefined)",
    );
    expect(api.requests).toHaveLength(0);
  });

  it("refuse a query that is not an object", async () => {
    const { api, portal } = portalOn(() => json(ok));
    // @ts-expect-error: the query is an object
    await expect(portal.simulations.esis.email("s-1", "a@example.pt")).rejects.toThrow(
      "simulations.esis.email: the query must be an object",
    );
    expect(api.requests).toHaveLength(0);
  });
});

describe("CESCE resource methods", () => {
  const cesceOn = (route: (request: Request) => Response) => {
    const api = scriptedFetch((request) =>
      new URL(request.url).pathname === "/token"
        ? json({ access_token: "a", token_type: "Bearer", expires_in: 3600 })
        : route(request),
    );
    const cesce = createCesceClient({
      baseUrl,
      tokenUrl: `${baseUrl}/token`,
      credentials: { clientId: "c", clientSecret: "s", username: "u", password: "p" },
      fetch: api.fetch,
    });
    return { api, cesce };
  };
  const envelope = (errorCode: string) => ({ error: { errorCode, errorDescription: "d" } });

  it("send the body positionally and the optional query from the options", async () => {
    const { api, cesce } = cesceOn(() => json(envelope("0"), 201));
    const body = { debtor: { endorsementNo: "4567890" }, acceptPremiumInd: "Y" as const };
    await cesce.classifications.acceptDenyPremium("12345678901", body, {
      query: { languageCode: "EN" },
    });
    const sent = api.requests[1] as Request;
    expect(pathOf(sent)).toBe(
      "POST /contracts/12345678901/classifications/accept-deny-premium?languageCode=EN",
    );
    expect(await sent.json()).toEqual(body);
  });

  it("throw CesceEnvelopeError for a business error inside a 2xx", async () => {
    const { cesce } = cesceOn(() => json(envelope("RAD0001")));
    const error = await cesce.classifications
      .query("12345678901", { countryCode: "ES", taxCode: "B12345674" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CesceEnvelopeError);
    expect(error).toMatchObject({ code: "RAD0001" });
  });
});
