/**
 * Every operation of every spec, called through the SDK's clients against the static Prism with
 * the spec's own examples: each must get its documented 2xx and unwrap to the served example.
 * Authenticate and the token endpoint are called by the clients themselves. The last test
 * computes coverage from the requests the SDK sent, and fails unless it is complete.
 */
import { describe, expect, inject, it } from "vitest";
import { CesceEnvelopeError, unwrap } from "../../src/core/unwrap.ts";
import { cesceClientOn, portalClientOn, send } from "./clients.ts";
import { coverageOf } from "./coverage.ts";
import { recordingFetch } from "./recorder.ts";
import { requestFor } from "./requests.ts";
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
  contractApis,
  label,
  type OperationRow,
  oauth,
  portal,
} from "./specs.ts";

const urls = inject("prismUrls");
const recorder = recordingFetch();
const portalClient = portalClientOn(urls, { fetch: recorder.fetch });
const cesceClient = cesceClientOn(urls, { fetch: recorder.fetch });

/** Operations the clients call on their own: the session's Authenticate and the token grant. */
const sentBySdk = new Set(["authenticate", "requestToken"]);

const successOf = (api: ContractApi, row: OperationRow) =>
  declaredStatuses(api, row).filter(isSuccess)[0];
const exchangesTo = (path: string) =>
  recorder.exchanges.filter((e) => new URL(e.url).pathname === path);

function describeOperations(api: ContractApi, client: { request: unknown }) {
  const rows = api.operations.filter((row) => !sentBySdk.has(row.operationId));
  for (const tag of new Set(rows.map((row) => row.tag))) {
    describe(tag, () => {
      for (const row of rows.filter((r) => r.tag === tag)) {
        it(`answers ${label(row)} with its documented ${successOf(api, row)} example`, async () => {
          const result = await send(client, row, requestFor(api, row));
          expectNoViolations(result.response);
          const { status } = result.response;
          expect(declaredStatuses(api, row).filter(isSuccess)).toContain(status);
          expect(await unwrap(result)).toEqual(servedExample(api, row, status));
        });
      }
    });
  }
}

describe("createPartnersPortalClient", () => {
  describeOperations(portal, portalClient);

  it("authenticates once, with Authenticate, for all its calls", () => {
    const authentications = exchangesTo("/v1/authentication");
    expect(authentications.map((e) => [e.method, e.status])).toEqual([["POST", 200]]);
    expect(recorder.exchanges[0]?.url).toMatch(/\/v1\/authentication$/);
  });
});

describe("createCesceClient", () => {
  describeOperations(classifications, cesceClient);

  it("requests one token from the token endpoint for all its calls", () => {
    const grants = exchangesTo("/token");
    expect(
      grants.map((e) => [e.method, e.status, e.url.startsWith(urls["cesce-oauth"] ?? "")]),
    ).toEqual([["POST", 200, true]]);
  });

  it("throws CesceEnvelopeError for each business error example served in a 2xx", async () => {
    let checked = 0;
    for (const row of classifications.operations) {
      const status = successOf(classifications, row) as number;
      for (const [name, example] of examplesOf(classifications, row, status)) {
        const result = await send(cesceClient, row, requestFor(classifications, row), {
          Prefer: `code=${status}, example=${name}`,
        });
        expectNoViolations(result.response);
        expect(result.response.status).toBe(status);
        const envelope = (example as { error: { errorCode: string; errorDescription: string } })
          .error;
        if (envelope.errorCode === "0") {
          expect(await unwrap(result)).toEqual(example);
          continue;
        }
        const error = await unwrap(result).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CesceEnvelopeError);
        expect(error).toMatchObject({
          status,
          code: envelope.errorCode,
          description: envelope.errorDescription,
          body: example,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe("contract coverage", () => {
  it("calls every operation of every spec and gets a documented 2xx", () => {
    const coverage = coverageOf(
      contractApis.map((api) => ({
        name: api.name,
        baseUrl: urls[api.name] as string,
        operations: api.operations,
      })),
      recorder.exchanges,
    );
    console.log(coverage.line);
    expect(coverage.missing).toEqual([]);
    expect(coverage.covered).toHaveLength(
      portal.operations.length + classifications.operations.length + oauth.operations.length,
    );
  });
});
