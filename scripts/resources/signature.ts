/**
 * The TypeScript signature of one resource method. Every type is read from the generated
 * `components` and `operations`, so it cannot drift from the spec; schemas and query objects get
 * short local names (`SimulationDetail`, `ListSimulationsQuery`) so that a hover reads
 * `retrieve(simulationUniqueId: string): Promise<SimulationDetail>`.
 */

import type { MethodInfo } from "./tree.ts";
import { methodDoc } from "./tsdoc.ts";

type Json = Record<string, unknown>;

/** The local type aliases a file declares, each once. */
export interface Aliases {
  /** Declares `name` as `type` (once) and returns `name`. */
  use(name: string, type: string, doc: string): string;
  /** The declarations, in the order first used. */
  lines(): string[];
}

export function createAliases(reserved: ReadonlySet<string>): Aliases {
  const declared = new Map<string, { type: string; doc: string }>();
  return {
    use(name, type, doc) {
      const known = declared.get(name);
      if (reserved.has(name) || (known && known.type !== type))
        throw new Error(`the type name ${name} is taken twice in the resource types`);
      declared.set(name, { type, doc });
      return name;
    },
    lines: () =>
      [...declared].map(([name, { type, doc }]) => `/** ${doc} */\ntype ${name} = ${type};`),
  };
}

const pascal = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const scalars: Record<string, string> = {
  string: "string",
  integer: "number",
  number: "number",
  boolean: "boolean",
};

/** A schema's type by name when it is a component or an array of one; undefined otherwise. */
function schemaType(schema: Json | undefined, aliases: Aliases): string | undefined {
  const ref = schema?.$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    const name = ref.slice("#/components/schemas/".length);
    return aliases.use(
      name,
      `components["schemas"][${JSON.stringify(name)}]`,
      `The spec's ${name} schema.`,
    );
  }
  if (schema?.type === "array") {
    const item = schemaType(schema.items as Json | undefined, aliases);
    return item && `${item}[]`;
  }
  return undefined;
}

/** A path parameter's type: its scalar type when plain, else read from the operation. */
function pathParamType(info: MethodInfo, name: string, schema: Json | undefined): string {
  const plain =
    schema && !("enum" in schema) && !("const" in schema) && typeof schema.type === "string";
  return (
    (plain && scalars[schema.type as string]) ||
    `${opOf(info)}["parameters"]["path"][${JSON.stringify(name)}]`
  );
}

const opOf = (info: MethodInfo) => `operations[${JSON.stringify(info.operationId)}]`;
const key = (status: string) => (/^\d+$/.test(status) ? status : JSON.stringify(status));

const queryType = (info: MethodInfo, aliases: Aliases) =>
  aliases.use(
    `${pascal(info.operationId)}Query`,
    `NonNullable<${opOf(info)}["parameters"]["query"]>`,
    `The query parameters of ${info.summary}.`,
  );

function bodyType(info: MethodInfo, aliases: Aliases): string {
  if (!info.bodyMedia)
    throw new Error(`${info.operationId}: the resource methods send JSON bodies only`);
  return (
    schemaType(info.bodySchema, aliases) ??
    `NonNullable<${opOf(info)}["requestBody"]>["content"][${JSON.stringify(info.bodyMedia)}]`
  );
}

/** The data of the 2xx answers: each JSON body's type, `undefined` for one without a body. */
function dataType(info: MethodInfo, aliases: Aliases): string {
  const types = info.successes.map(({ status, media, schema }) =>
    media
      ? (schemaType(schema, aliases) ??
        `${opOf(info)}["responses"][${key(status)}]["content"][${JSON.stringify(media)}]`)
      : "undefined",
  );
  return types.length > 0 ? [...new Set(types)].join(" | ") : "unknown";
}

function argumentList(info: MethodInfo, aliases: Aliases): string[] {
  const optional = (required: boolean) => (required ? "" : "?");
  const args = info.pathParams.map((p) => `${p.name}: ${pathParamType(info, p.name, p.schema)}`);
  const query = () => `query${optional(info.queryRequired)}: ${queryType(info, aliases)}`;
  const body = () => `body${optional(info.bodyRequired)}: ${bodyType(info, aliases)}`;
  if (info.kind === "query") args.push(query());
  if (info.kind === "body") args.push(body());
  if (info.kind === "both") args.push(`request: { ${query()}; ${body()} }`);
  const base = info.pagination ? "PaginatedRequestOptions" : "RequestOptions";
  const inOptions = info.queryInOptions ? ` & { query?: ${queryType(info, aliases)} }` : "";
  args.push(`options?: ${base}${inOptions}`);
  return args;
}

function resultType(info: MethodInfo, aliases: Aliases): string {
  const data = dataType(info, aliases);
  if (!info.pagination) return `Promise<${data}>`;
  const { items, itemSchema } = info.pagination;
  const item =
    schemaType(itemSchema, aliases) ??
    (items ? `NonNullable<(${data})[${JSON.stringify(items)}]>[number]` : `(${data})[number]`);
  return `PaginatedCall<${data}, ${item}>`;
}

/** The documented signature of `info`, indented by `indent`. */
export function methodSignature(info: MethodInfo, aliases: Aliases, indent: string): string {
  return [
    methodDoc(info, indent),
    `${indent}${info.name}(`,
    ...argumentList(info, aliases).map((arg) => `${indent}  ${arg},`),
    `${indent}): ${resultType(info, aliases)};`,
  ].join("\n");
}
