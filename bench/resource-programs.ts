/**
 * The programs the resource-method figure compiles. `methodProgram` calls every operation of the
 * Partners Portal (Authenticate aside) and CESCE Classifications specs once through its resource
 * method, with the same spec examples `sdkProgram("unwrap")` (type-programs.ts) passes to
 * `unwrap(client.METHOD(…))`; `oneCallProgram` makes one call, to see what the resource types
 * cost a program that does not use them.
 */
import { resourceTable as cesceTable } from "../generated/cesce-classifications.resource-table.ts";
import { resourceTable as portalTable } from "../generated/partners-portal.resource-table.ts";
import type { ResourceTable } from "../src/resources/resources.ts";
import { requestFor } from "../test/contract/requests.ts";
import { type ContractApi, classifications, portal } from "../test/contract/specs.ts";

const clients = [
  "const portal = createPartnersPortalClient({",
  '  credentials: { clientId: "a", clientSecret: "b", brokerUid: "c", username: "d" },',
  "});",
  "const cesce = createCesceClient({",
  '  credentials: { clientId: "a", clientSecret: "b", username: "c", password: "d" },',
  "});",
];

/** One call per method of `table`, on `client`, as TypeScript source. */
function calls(api: ContractApi, table: ResourceTable, client: string): string[] {
  return Object.entries(table).flatMap(([name, entry]): string[] => {
    if (!Array.isArray(entry)) return calls(api, entry as ResourceTable, `${client}.${name}`);
    const [verb, path, kind] = entry as unknown as [string, string, string];
    const row = api.operations.find((r) => r.method === verb && r.path === path);
    if (!row) throw new Error(`no operation ${verb} ${path}`);
    const { params, body } = requestFor(api, row);
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    const args = names.map((n) => params.path[n]);
    const query = Object.keys(params.query).length > 0 ? params.query : undefined;
    if (kind === "query") args.push(query);
    if (kind === "body") args.push(body);
    if (kind === "both") args.push({ query, body });
    if (kind === "body" && query) args.push({ query });
    const text = args.map((a) => (a === undefined ? "undefined" : JSON.stringify(a))).join(", ");
    return [`  await ${client}.${name}(${text});`];
  });
}

/** Every operation through its resource method. */
export function methodProgram(): string {
  return [
    'import { createCesceClient, createPartnersPortalClient } from "./dist/src/index.js";',
    "",
    ...clients,
    "",
    "export async function main() {",
    ...calls(portal, portalTable, "portal"),
    ...calls(classifications, cesceTable, "cesce"),
    "}",
    "",
  ].join("\n");
}

/** One `unwrap(client.GET(…))` call on each client. */
export function oneCallProgram(): string {
  return [
    'import { createCesceClient, createPartnersPortalClient, unwrap } from "./dist/src/index.js";',
    "",
    ...clients,
    "",
    "export async function main() {",
    '  await unwrap(portal.GET("/v1/taxonomy/genders"));',
    '  await unwrap(cesce.GET("/contracts/{contractNo}/classifications", { params: { path: { contractNo: "1" } } }));',
    "}",
    "",
  ].join("\n");
}
