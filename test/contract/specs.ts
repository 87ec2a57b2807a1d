/**
 * The three bundled specs and their generated operation rows, side by side: what the contract
 * tests iterate over, so a new operation in a spec is tested (and counted) without a new test.
 */
import { readFileSync } from "node:fs";
import { operations as classificationOperations } from "../../generated/cesce-classifications.operations.ts";
import { operations as oauthOperations } from "../../generated/cesce-oauth.operations.ts";
import { operations as portalOperations } from "../../generated/partners-portal.operations.ts";
import type { ApiName } from "../../scripts/apis.ts";
import { specPath } from "../../scripts/prism.ts";

// biome-ignore lint/suspicious/noExplicitAny: the tests walk arbitrary spec JSON
export type Node = Record<string, any>;

/** One row of a generated `<api>.operations.ts`. */
export interface OperationRow {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly tag: string;
  readonly pagination: object | null;
}

export interface ContractApi {
  name: ApiName;
  spec: Node;
  operations: readonly OperationRow[];
}

const load = (name: ApiName, operations: readonly OperationRow[]): ContractApi => ({
  name,
  spec: JSON.parse(readFileSync(specPath(name), "utf8")) as Node,
  operations,
});

export const portal = load("partners-portal", portalOperations);
export const classifications = load("cesce-classifications", classificationOperations);
export const oauth = load("cesce-oauth", oauthOperations);
export const contractApis: readonly ContractApi[] = [portal, classifications, oauth];

/** Follows a local `$ref` (`#/components/...`) until the node is not a reference. */
export function resolve(spec: Node, node: Node): Node {
  let current = node;
  for (let hops = 0; typeof current?.$ref === "string"; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${current.$ref}`);
    const segments = (current.$ref as string).replace(/^#\//, "").split("/");
    current = segments.reduce<Node>(
      (parent, segment) => parent?.[segment.replaceAll("~1", "/").replaceAll("~0", "~")],
      spec,
    );
    if (current === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
  }
  return current;
}

/** The spec's Operation Object for a generated row. */
export function operationOf(api: ContractApi, row: OperationRow): Node {
  const operation = api.spec.paths?.[row.path]?.[row.method.toLowerCase()];
  if (!operation) throw new Error(`${api.name}: no ${row.method} ${row.path} in the bundled spec`);
  return operation as Node;
}

/** `METHOD /path`, the way the tests name an operation. */
export const label = (row: OperationRow) => `${row.method} ${row.path}`;
