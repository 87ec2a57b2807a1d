/**
 * The programs figure 6 compiles: each calls every operation of the Partners Portal and CESCE
 * Classifications specs once, with the path, query and header parameters and the body built from
 * the specs' own examples (as the contract tests send them), so that the compiler checks real
 * calls. They import the package's emitted declarations from `./dist`.
 */
import { requestFor } from "../test/contract/requests.ts";
import { type ContractApi, classifications, portal } from "../test/contract/specs.ts";

/** Operations each client sends on its own rather than on the caller's behalf. */
const sentBySdk = new Set(["authenticate"]);

/** How many calls each program makes. */
export const operationCount =
  portal.operations.filter((row) => !sentBySdk.has(row.operationId)).length +
  classifications.operations.length;

/** One call per operation of `api` on `client`, as TypeScript source. */
function calls(api: ContractApi, client: string, wrap: (call: string) => string): string[] {
  return api.operations
    .filter((row) => !sentBySdk.has(row.operationId))
    .map((row) => {
      const { params, body } = requestFor(api, row);
      const init: Record<string, unknown> = {};
      const used = Object.entries(params).filter(([, values]) => Object.keys(values).length > 0);
      if (used.length > 0) init.params = Object.fromEntries(used);
      if (body !== undefined) init.body = body;
      const args = Object.keys(init).length > 0 ? `, ${JSON.stringify(init)}` : "";
      return `  ${wrap(`${client}.${row.method}(${JSON.stringify(row.path)}${args})`)};`;
    });
}

/** The SDK's clients; `unwrap` each call, or read `.data` as with bare openapi-fetch. */
export function sdkProgram(read: "unwrap" | "data"): string {
  const wrap = (call: string) =>
    read === "unwrap" ? `await unwrap(${call})` : `(await ${call}).data`;
  return [
    `import { createCesceClient, createPartnersPortalClient${read === "unwrap" ? ", unwrap" : ""} } from "./dist/src/index.js";`,
    "",
    "const portal = createPartnersPortalClient({",
    '  credentials: { clientId: "a", clientSecret: "b", brokerUid: "c", username: "d" },',
    "});",
    "const cesce = createCesceClient({",
    '  credentials: { clientId: "a", clientSecret: "b", username: "c", password: "d" },',
    "});",
    "",
    "export async function main() {",
    ...calls(portal, "portal", wrap),
    ...calls(classifications, "cesce", wrap),
    "}",
    "",
  ].join("\n");
}

/** Bare openapi-fetch clients over the generated `paths`, reading `.data`. */
export function bareProgram(): string {
  return [
    'import createClient from "openapi-fetch";',
    'import type { paths as CescePaths } from "./dist/generated/cesce-classifications.js";',
    'import type { paths as PortalPaths } from "./dist/generated/partners-portal.js";',
    "",
    'const portal = createClient<PortalPaths>({ baseUrl: "https://portal.example" });',
    'const cesce = createClient<CescePaths>({ baseUrl: "https://cesce.example" });',
    "",
    "export async function main() {",
    ...calls(portal, "portal", (call) => `(await ${call}).data`),
    ...calls(classifications, "cesce", (call) => `(await ${call}).data`),
    "}",
    "",
  ].join("\n");
}
