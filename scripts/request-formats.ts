/**
 * The request fields a bundled spec marks with one of the SDK's own formats (openapi/README.md,
 * "Formats the SDK checks"), per operation, as `generated/<api>.formats.ts`: the table the
 * clients check before sending anything (src/request-validation/).
 */

type Json = Record<string, unknown>;

/** The formats the SDK checks; any other `format` is left to the server. */
export const checkedFormats = new Set(["pt-nif", "pt-postal-code", "es-tax-id", "iban"]);
const methods = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

/** Follows local `$ref`s ("#/components/...") until a schema or parameter without one. */
function resolve(spec: Json, node: Json): Json {
  let current = node;
  for (let hops = 0; typeof current.$ref === "string" && hops < 32; hops++) {
    const pointer = (current.$ref as string).slice(2).split("/");
    current = pointer.reduce((at: Json, key) => at[key] as Json, spec);
  }
  return current;
}

/** Collects `[field path, format]` under `schema`: properties as `.name`, array items as `[]`. */
function walk(
  spec: Json,
  node: Json,
  path: string,
  out: Map<string, string>,
  seen: Set<Json>,
): void {
  const schema = resolve(spec, node);
  if (seen.has(schema)) return; // a recursive schema
  seen.add(schema);
  if (typeof schema.format === "string" && checkedFormats.has(schema.format)) {
    out.set(path, schema.format);
  }
  for (const [name, property] of Object.entries((schema.properties as Json | undefined) ?? {})) {
    walk(spec, property as Json, `${path}.${name}`, out, seen);
  }
  if (schema.items) walk(spec, schema.items as Json, `${path}[]`, out, seen);
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    for (const part of (schema[key] as Json[] | undefined) ?? []) walk(spec, part, path, out, seen);
  }
  seen.delete(schema);
}

function operationFields(spec: Json, item: Json, op: Json): [string, string][] {
  const out = new Map<string, string>();
  const parameters = [...((item.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])];
  for (const ref of parameters) {
    const parameter = resolve(spec, ref);
    walk(
      spec,
      (parameter.schema as Json) ?? {},
      `${parameter.in}.${parameter.name}`,
      out,
      new Set(),
    );
  }
  const body = op.requestBody ? resolve(spec, op.requestBody as Json) : undefined;
  const media = (body?.content as Json | undefined)?.["application/json"] as Json | undefined;
  if (media?.schema) walk(spec, media.schema as Json, "body", out, new Set());
  return [...out];
}

/** `{ "METHOD /path": [[field path, format], …] }` for the operations that have such fields. */
export function requestFormats(spec: Json): Record<string, [string, string][]> {
  const table: Record<string, [string, string][]> = {};
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const method of methods) {
      const op = item[method] as Json | undefined;
      const fields = op ? operationFields(spec, item, op) : [];
      if (fields.length > 0) table[`${method.toUpperCase()} ${path}`] = fields;
    }
  }
  return table;
}

/** The `generated/<api>.formats.ts` module. */
export function formatsFile(header: string, spec: Json): string {
  const rows = Object.entries(requestFormats(spec)).map(
    ([key, fields]) => `\n  ${JSON.stringify(key)}: ${JSON.stringify(fields)},`,
  );
  const table = rows.length > 0 ? `{${rows.join("")}\n}` : "{}";
  return `/**\n * ${header}\n */\n\n/** Request fields the SDK checks before sending: "METHOD /path" → [field path, format][]. */\nexport const requestFormats: Readonly<Record<string, readonly (readonly [string, string])[]>> = ${table};\n`;
}
