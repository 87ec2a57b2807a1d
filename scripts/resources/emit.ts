/**
 * Writes an API's resource tree as two generated files:
 *   <api>.resources.ts       types only: one interface per resource, one documented method
 *                            signature per operation, every type read from the generated
 *                            `operations` (so it cannot drift from the spec)
 *   <api>.resource-table.ts  what the SDK builds the methods from at run time: per method, its
 *                            HTTP method, path and what follows the path parameters
 */
import type { ApiName } from "../apis.ts";
import { type ApiNames, resourceNames, typePrefix } from "./names.ts";
import { type MethodInfo, type ResourceNode, resourceTree } from "./tree.ts";
import { comment, methodDoc, resourceDoc } from "./tsdoc.ts";

type Json = Record<string, unknown>;

const pascal = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const interfaceName = (prefix: string, node: ResourceNode) =>
  node.path === "" ? `${prefix}Resources` : prefix + node.path.split(".").map(pascal).join("");
const key = (status: string) => (/^\d+$/.test(status) ? status : JSON.stringify(status));

/** The TypeScript types of one method's arguments and result, read from `operations`. */
function typesOf(info: MethodInfo) {
  const op = `operations[${JSON.stringify(info.operationId)}]`;
  const query = `NonNullable<${op}["parameters"]["query"]>`;
  if (info.kind !== "none" && info.kind !== "query" && !info.bodyMedia)
    throw new Error(`${info.operationId}: the resource methods send JSON bodies only`);
  const body = `NonNullable<${op}["requestBody"]>["content"][${JSON.stringify(info.bodyMedia)}]`;
  const results = info.successes.map(({ status, media }) =>
    media ? `${op}["responses"][${key(status)}]["content"][${JSON.stringify(media)}]` : "undefined",
  );
  const result = results.length > 0 ? [...new Set(results)].join(" | ") : "unknown";
  return { op, query, body, result };
}

function argumentList(info: MethodInfo, indent: string): string[] {
  const { op, query, body } = typesOf(info);
  const args = info.pathParams.map(
    (p) => `${p.name}: ${op}["parameters"]["path"][${JSON.stringify(p.name)}]`,
  );
  const optional = (required: boolean) => (required ? "" : "?");
  if (info.kind === "query") args.push(`query${optional(info.queryRequired)}: ${query}`);
  if (info.kind === "body") args.push(`body${optional(info.bodyRequired)}: ${body}`);
  if (info.kind === "both") {
    const fields = `query${optional(info.queryRequired)}: ${query}; body${optional(info.bodyRequired)}: ${body}`;
    args.push(`request: { ${fields} }`);
  }
  const base = info.pagination ? "PaginatedRequestOptions" : "RequestOptions";
  args.push(`options?: ${info.queryInOptions ? `${base} & { query?: ${query} }` : base}`);
  return args.map((arg) => `${indent}  ${arg},`);
}

function resultType(info: MethodInfo): string {
  const { result } = typesOf(info);
  if (!info.pagination) return `Promise<${result}>`;
  const items = info.pagination.items;
  const item = items
    ? `NonNullable<(${result})[${JSON.stringify(items)}]>[number]`
    : `(${result})[number]`;
  return `PaginatedCall<${result}, ${item}>`;
}

function methodSignature(info: MethodInfo, indent: string): string {
  return [
    methodDoc(info, indent),
    `${indent}${info.name}(`,
    ...argumentList(info, indent),
    `${indent}): ${resultType(info)};`,
  ].join("\n");
}

function interfaces(prefix: string, owner: string, node: ResourceNode): string[] {
  const members = [
    ...[...node.children.entries()].map(([name, child]) =>
      [
        resourceDoc(child, owner, "  "),
        `  readonly ${name}: ${interfaceName(prefix, child)};`,
      ].join("\n"),
    ),
    ...node.methods.map((info) => methodSignature(info, "  ")),
  ];
  const own = [
    resourceDoc(node, owner),
    `export interface ${interfaceName(prefix, node)} {`,
    members.join("\n\n"),
    "}",
  ].join("\n");
  return [own, ...[...node.children.values()].flatMap((child) => interfaces(prefix, owner, child))];
}

function tableOf(node: ResourceNode, indent: string): string[] {
  const rows = node.methods.map(
    (m) =>
      `${indent}${m.name}: [${JSON.stringify(m.method)}, ${JSON.stringify(m.path)}, ${JSON.stringify(m.kind)}],`,
  );
  const children = [...node.children.entries()].flatMap(([name, child]) => [
    `${indent}${name}: {`,
    ...tableOf(child, `${indent}  `),
    `${indent}},`,
  ]);
  return [...children, ...rows];
}

export interface ResourceFileOptions {
  api: string;
  header: string;
  /** The prefix of the interface names, e.g. `PartnersPortal`. */
  prefix: string;
  /** How the client is called in the docs, e.g. `portal`. */
  owner: string;
  names: ApiNames;
}

/** The two generated files of `spec`'s resources, by file name. */
export function resourceFiles(spec: Json, options: ResourceFileOptions): Record<string, string> {
  const tree = resourceTree(spec, options.names);
  const header = comment([options.header], "");
  const body = interfaces(options.prefix, options.owner, tree).join("\n\n");
  const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(body);
  const optionTypes = ["PaginatedRequestOptions", "RequestOptions"].filter(uses);
  const types = [
    header,
    "",
    ...(uses("PaginatedCall")
      ? ['import type { PaginatedCall } from "../src/resources/paginated-call.js";']
      : []),
    `import type { ${optionTypes.join(", ")} } from "../src/resources/request-options.js";`,
    `import type { operations } from "./${options.api}.js";`,
    "",
    body,
    "",
  ].join("\n");
  const table = [
    header,
    "",
    comment(
      [
        "The resource methods, by resource: each method's HTTP method, path, and what follows its",
        'path parameters ("none", "query", "body", or "both" for `{ query, body }`).',
      ],
      "",
    ),
    "export const resourceTable = {",
    ...tableOf(tree, "  "),
    "} as const;",
    "",
  ].join("\n");
  return {
    [`${options.api}.resources.ts`]: types,
    [`${options.api}.resource-table.ts`]: table,
  };
}

/** How each API's client is named in the docs. */
const owners: Partial<Record<ApiName, string>> = {
  "partners-portal": "portal",
  "cesce-classifications": "cesce",
};

/** The resource files of `api`, or none when it has no resource methods (the token endpoint). */
export function resourceFilesFor(api: ApiName, spec: Json, header: string): Record<string, string> {
  const names = resourceNames[api];
  if (!names) return {};
  const prefix = typePrefix[api] as string;
  const owner = owners[api] as string;
  return resourceFiles(spec, { api, header, prefix, owner, names });
}
