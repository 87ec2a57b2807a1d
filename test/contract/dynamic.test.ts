/**
 * The SDK against Prism's dynamic mode: random, schema-valid answers (one Prism per seed, so
 * every run sees the same data). Every GET is called once per seed and must be handled: data of
 * the schema's JSON type, or for CESCE a `CesceEnvelopeError` when the random `errorCode` is not
 * "0"; nothing else. Paginated GETs must stop within `maxItems` even when the random pages claim
 * more forever. The clients authenticate against the dynamic Authenticate and token endpoint too.
 */
import { describe, type ExpectStatic, inject, it } from "vitest";
import { cesceAmount, cesceDate, FormatError } from "../../src/cesce/codecs.ts";
import { SdkError } from "../../src/core/errors.ts";
import { CesceEnvelopeError, unwrap } from "../../src/core/unwrap.ts";
import { paginate } from "../../src/pagination/paginate.ts";
import { cesceClientOn, portalClientOn, send } from "./clients.ts";
import { recordingFetch } from "./recorder.ts";
import { requestFor } from "./requests.ts";
import { declaredStatuses, expectNoViolations, isSuccess } from "./responses.ts";
import {
  type ContractApi,
  classifications,
  label,
  type Node,
  type OperationRow,
  operationOf,
  portal,
  resolve,
} from "./specs.ts";

const seeds = inject("prismDynamicUrls");
const recorder = recordingFetch();
const clients = seeds.map(({ urls }) => ({
  portal: portalClientOn(urls, { fetch: recorder.fetch }),
  cesce: cesceClientOn(urls, { fetch: recorder.fetch }),
}));
const maxItems = 50;

const gets = (api: ContractApi) => api.operations.filter((row) => row.method === "GET");

/** The JSON type the documented 2xx schema promises at the top level. */
function topLevelType(api: ContractApi, row: OperationRow): string {
  const status = declaredStatuses(api, row).find(isSuccess);
  const response = resolve(api.spec, operationOf(api, row).responses[String(status)]);
  const schema = resolve(api.spec, response.content?.["application/json"]?.schema ?? {});
  if (typeof schema.type !== "string")
    throw new Error(`${label(row)}: the 2xx schema names no type`);
  return schema.type;
}

const jsonTypeOf = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

/** The properties of CESCE's `Classification` typed by `schemaName` (Amount, CesceDate). */
function classificationFields(schemaName: string): string[] {
  const properties = classifications.spec.components.schemas.Classification.properties as Node;
  return Object.entries(properties)
    .filter(([, property]) => property.$ref === `#/components/schemas/${schemaName}`)
    .map(([name]) => name);
}
const amountFields = classificationFields("Amount");
const dateFields = classificationFields("CesceDate");

/** Every amount the schema allows decodes; a date decodes or is refused as a `FormatError`. */
function expectCodecsHold(expect: ExpectStatic, data: unknown) {
  const debtors = (data as { debtor?: Record<string, string>[] | null }).debtor ?? [];
  for (const debtor of debtors) {
    for (const field of amountFields) {
      if (debtor[field] !== undefined) expect(cesceAmount.decode(debtor[field])).not.toBeNaN();
    }
    for (const field of dateFields) {
      if (debtor[field] === undefined) continue;
      try {
        const date = cesceDate.decode(debtor[field]);
        expect(date === null || !Number.isNaN(date.getTime())).toBe(true);
      } catch (error) {
        // `^(0|\d{8})$` admits month 13 or day 32; the codec must refuse them, and only so.
        expect(error).toBeInstanceOf(FormatError);
        expect((error as Error).message).toMatch(/^Not a calendar date/);
      }
    }
  }
}

function describeRandomAnswers(api: ContractApi, seedClients: { request: unknown }[]) {
  for (const row of gets(api)) {
    it.concurrent(`handles ${seeds.length} random answers of ${label(row)}`, async ({ expect }) => {
      const bodies = new Set<string>();
      for (const client of seedClients) {
        const result = await send(client, row, requestFor(api, row));
        expectNoViolations(result.response);
        expect(declaredStatuses(api, row).filter(isSuccess)).toContain(result.response.status);
        bodies.add(JSON.stringify(result.data));
        const outcome = await unwrap(result).then(
          (data) => ({ data }),
          (error: unknown) => ({ error }),
        );
        if ("error" in outcome) {
          // Only CESCE reports business errors inside a 2xx.
          expect(api.name).toBe("cesce-classifications");
          expect(outcome.error).toBeInstanceOf(CesceEnvelopeError);
          expect((outcome.error as CesceEnvelopeError).body).toEqual(result.data);
        } else {
          expect(jsonTypeOf(outcome.data)).toBe(topLevelType(api, row));
        }
        if (api === classifications) expectCodecsHold(expect, result.data);
      }
      // Each seed served its own body: the SDK handled that many different answers.
      expect(bodies.size).toBe(seeds.length);
    });
  }
}

describe("createPartnersPortalClient", () => {
  describeRandomAnswers(
    portal,
    clients.map((c) => c.portal),
  );

  for (const row of gets(portal).filter((r) => r.pagination)) {
    it.concurrent(`stops paginating ${row.path} within maxItems on random pages`, async ({
      expect,
    }) => {
      for (const client of clients) {
        let items = 0;
        try {
          const walk = paginate(
            client.portal,
            row.path as never,
            requestFor(portal, row) as never,
            {
              maxItems,
            },
          );
          for await (const _ of walk) items++;
        } catch (error) {
          // Seeded pages repeat: a keyset walk sees its cursor again, a page-number walk gets
          // the same items for the next page number. Either is refused, not looped.
          expect((error as object).constructor).toBe(SdkError);
          const message =
            (row.pagination as { style: string }).style === "keyset"
              ? /cursor .* came back twice/
              : /server ignored the page parameter/;
          expect((error as Error).message).toMatch(message);
        }
        expect(items).toBeLessThanOrEqual(maxItems);
      }
    });
  }
});

describe("createCesceClient", () => {
  describeRandomAnswers(
    classifications,
    clients.map((c) => c.cesce),
  );
});

describe("the clients on dynamic Prism", () => {
  const sent = (origin: string, path: string) =>
    recorder.exchanges
      .filter((e) => e.url.startsWith(origin) && new URL(e.url).pathname === path)
      .map((e) => [e.method, e.status]);

  it("authenticate once per client with the random Authenticate and token answers", ({
    expect,
  }) => {
    for (const { urls } of seeds) {
      expect(sent(urls["partners-portal"] as string, "/v1/authentication")).toEqual([
        ["POST", 200],
      ]);
    }
    const tokenOrigin = seeds[0]?.urls["cesce-oauth"] as string;
    expect(sent(tokenOrigin, "/token")).toEqual(seeds.map(() => ["POST", 200]));
  });
});
