/**
 * Every resource method of both clients, found by walking the generated resource tables, called
 * against the static Prism with the spec's own examples as its arguments: each must get a
 * documented 2xx and resolve to the served example (a paginated method, awaited, to the first
 * page; iterated, to that page's items, since Prism's examples end their lists). Coverage is
 * computed from what the methods put on the wire, and prints `resource coverage: N/M`.
 */
import { describe, expect, inject, it } from "vitest";
import { resourceTable as cesceTable } from "../../generated/cesce-classifications.resource-table.ts";
import { resourceTable as portalTable } from "../../generated/partners-portal.resource-table.ts";
import type { ResourceTable } from "../../src/resources/resources.ts";
import { cesceClientOn, portalClientOn } from "./clients.ts";
import { coverageOf } from "./coverage.ts";
import type { Exchange } from "./recorder.ts";
import { type BuiltRequest, requestFor } from "./requests.ts";
import { servedExample } from "./responses.ts";
import { type ContractApi, classifications, type OperationRow, portal } from "./specs.ts";

type Method = (...args: unknown[]) => PromiseLike<unknown> & Partial<AsyncIterable<unknown>>;
type Kind = "none" | "query" | "body" | "both";
interface Found {
  name: string;
  row: OperationRow;
  kind: Kind;
  method: Method;
}

const urls = inject("prismUrls");
const exchanges: (Exchange & { violations: string | null })[] = [];
const recording = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const request = new Request(input, init);
  const exchange = {
    method: request.method,
    url: request.url,
    status: 0,
    prefer: null,
    violations: null as string | null,
  };
  exchanges.push(exchange);
  const response = await globalThis.fetch(request);
  exchange.status = response.status;
  exchange.violations = response.headers.get("sl-violations");
  return response;
}) as typeof fetch;
const portalClient = portalClientOn(urls, { fetch: recording });
const cesceClient = cesceClientOn(urls, { fetch: recording });

/** Walks `table` and `client` side by side: every method the table lists, as the client has it. */
function methodsOf(api: ContractApi, table: ResourceTable, client: object, prefix = ""): Found[] {
  return Object.entries(table).flatMap(([name, entry]): Found[] => {
    const member = (client as Record<string, unknown>)[name];
    if (!Array.isArray(entry))
      return methodsOf(api, entry as ResourceTable, member as object, `${prefix}${name}.`);
    const [verb, path, kind] = entry as unknown as [string, string, Kind];
    const row = api.operations.find((r) => r.method === verb && r.path === path);
    if (!row) throw new Error(`${prefix}${name}: no operation ${verb} ${path}`);
    return [{ name: `${prefix}${name}`, row, kind, method: member as Method }];
  });
}

/** The method's arguments from the spec's examples: path parameters in path order, then the rest. */
function argumentsOf({ row, kind }: Found, request: BuiltRequest): unknown[] {
  const names = [...row.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const args: unknown[] = names.map((name) => request.params.path[name]);
  const query = Object.keys(request.params.query).length > 0 ? request.params.query : undefined;
  const options: Record<string, unknown> = { headers: request.params.header };
  if (kind === "query") args.push(query);
  if (kind === "body") args.push(request.body);
  if (kind === "both") args.push({ query, body: request.body });
  if (kind === "body" && query) options.query = query;
  return [...args, options];
}

async function callAndCheck(api: ContractApi, found: Found): Promise<void> {
  const sent = exchanges.length;
  const call = found.method(...argumentsOf(found, requestFor(api, found.row)));
  const data = await call;
  const own = exchanges
    .slice(sent)
    .filter((e) => new URL(e.url).pathname !== "/v1/authentication" && !e.url.endsWith("/token"));
  expect(own.map((e) => [e.method, e.status >= 200 && e.status < 300, e.violations])).toEqual([
    [found.row.method, true, null],
  ]);
  const example = servedExample(api, found.row, own[0]?.status as number);
  expect(data).toEqual(example);
  if (!found.row.pagination || !call[Symbol.asyncIterator]) return;
  const items: unknown[] = [];
  for await (const item of call as AsyncIterable<unknown>) items.push(item);
  const field = (found.row.pagination as { items?: string }).items;
  expect(items).toEqual(field ? (example as Record<string, unknown>)[field] : example);
}

const portalMethods = methodsOf(portal, portalTable, portalClient);
const cesceMethods = methodsOf(classifications, cesceTable, cesceClient);

describe("resource methods on Prism", () => {
  for (const [api, methods, owner] of [
    [portal, portalMethods, "portal"],
    [classifications, cesceMethods, "cesce"],
  ] as const) {
    describe(owner, () => {
      for (const found of methods) {
        it(`${owner}.${found.name} answers ${found.row.method} ${found.row.path} with its example`, () =>
          callAndCheck(api, found));
      }
    });
  }
});

describe("resource coverage", () => {
  it("calls every operation of both specs through a method (Authenticate by the client itself)", () => {
    const coverage = coverageOf(
      [portal, classifications].map((api) => ({
        name: api.name,
        baseUrl: urls[api.name] as string,
        operations: api.operations,
      })),
      exchanges,
    );
    const methods = portalMethods.length + cesceMethods.length;
    console.log(
      `resource coverage: ${coverage.covered.length}/${coverage.total} (${methods} methods called; Authenticate sent by the client)`,
    );
    expect(coverage.missing).toEqual([]);
    expect(methods).toBe(portal.operations.length - 1 + classifications.operations.length);
  });
});
