/**
 * Writes an API's resource tree as two generated files:
 *   <api>.resources.ts       types only: one interface per resource, one documented method
 *                            signature per operation, every type read from the generated
 *                            `operations` (so it cannot drift from the spec)
 *   <api>.resource-table.ts  what the SDK builds the methods from at run time: per method, its
 *                            HTTP method, path, what follows the path parameters and its
 *                            operationId (the name of its log lines and tracing spans)
 */
import type { ApiName } from "../apis.ts";
import { type ApiNames, resourceNames, typePrefix } from "./names.ts";
import { type Aliases, createAliases, methodSignature } from "./signature.ts";
import { type ResourceNode, resourceTree } from "./tree.ts";
import { comment, resourceDoc } from "./tsdoc.ts";

type Json = Record<string, unknown>;

const pascal = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const interfaceName = (prefix: string, node: ResourceNode) =>
  node.path === "" ? `${prefix}Resources` : prefix + node.path.split(".").map(pascal).join("");
function interfaces(prefix: string, owner: string, node: ResourceNode, aliases: Aliases): string[] {
  const members = [
    ...[...node.children.entries()].map(([name, child]) =>
      [
        resourceDoc(child, owner, "  "),
        `  readonly ${name}: ${interfaceName(prefix, child)};`,
      ].join("\n"),
    ),
    ...node.methods.map((info) => methodSignature(info, aliases, "  ")),
  ];
  const own = [
    resourceDoc(node, owner),
    `export interface ${interfaceName(prefix, node)} {`,
    members.join("\n\n"),
    "}",
  ].join("\n");
  return [
    own,
    ...[...node.children.values()].flatMap((child) => interfaces(prefix, owner, child, aliases)),
  ];
}

function tableOf(node: ResourceNode, indent: string): string[] {
  const rows = node.methods.map(
    (m) =>
      `${indent}${m.name}: [${JSON.stringify(m.method)}, ${JSON.stringify(m.path)}, ${JSON.stringify(m.kind)}, ${JSON.stringify(m.operationId)}],`,
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
  const nodes = (node: ResourceNode): ResourceNode[] => [
    node,
    ...[...node.children.values()].flatMap(nodes),
  ];
  const reserved = new Set([
    ...nodes(tree).map((node) => interfaceName(options.prefix, node)),
    ...["PaginatedCall", "PaginatedRequestOptions", "RequestOptions", "components", "operations"],
  ]);
  const aliases = createAliases(reserved);
  const interfaceText = interfaces(options.prefix, options.owner, tree, aliases).join("\n\n");
  const all = `${aliases.lines().join("\n")}\n${interfaceText}`;
  const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(all);
  const generatedTypes = ["components", "operations"].filter(uses);
  const types = [
    header,
    "",
    ...(uses("PaginatedCall")
      ? ['import type { PaginatedCall } from "../src/resources/paginated-call.js";']
      : []),
    `import type { ${["PaginatedRequestOptions", "RequestOptions"].filter(uses).join(", ")} } from "../src/resources/request-options.js";`,
    `import type { ${generatedTypes.join(", ")} } from "./${options.api}.js";`,
    "",
    aliases.lines().join("\n"),
    "",
    interfaceText,
    "",
  ].join("\n");
  const table = [
    header,
    "",
    comment(
      [
        "The resource methods, by resource: each method's HTTP method, path, what follows its path",
        'parameters ("none", "query", "body", or "both" for `{ query, body }`), and operationId.',
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
