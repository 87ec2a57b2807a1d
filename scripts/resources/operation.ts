/**
 * One operation of a bundled spec, read as a resource method needs it: its path parameters in
 * path order, what follows them (query, body or both), its 2xx answers, pagination, retry rule
 * and the texts its TSDoc is made of.
 */

type Json = Record<string, unknown>;

const httpMethods = ["get", "put", "post", "delete", "patch"] as const;
/** RFC 9110 §9.2.2: these methods are idempotent whatever the operation does. */
const idempotentMethods = new Set(["get", "put", "delete"]);

/**
 * What follows the path parameters: nothing, the query object, the body, or `{ query, body }`.
 * A body whose query parameters are all optional stays positional; its query then goes in the
 * per-call options (`{ query }`), so that a call with a body reads `create(id, body)`.
 */
export type ArgumentKind = "none" | "query" | "body" | "both";

export interface Parameter {
  name: string;
  description: string | undefined;
  /** The parameter's schema, `$ref`s resolved. */
  schema: Json | undefined;
}

export interface MethodInfo {
  name: string;
  operationId: string;
  method: string;
  path: string;
  pathParams: Parameter[];
  kind: ArgumentKind;
  /** Whether the query (kind query or both) must be given; false when every parameter is optional. */
  queryRequired: boolean;
  /** A body whose optional query parameters go in the per-call options. */
  queryInOptions: boolean;
  bodyRequired: boolean;
  bodyDescription: string | undefined;
  /** The body's JSON media type, e.g. `application/json`, and its schema (`$ref` kept). */
  bodyMedia: string | undefined;
  bodySchema: Json | undefined;
  /** The 2xx statuses, each with its JSON media type and schema (`$ref` kept) when it has a JSON body. */
  successes: { status: string; media: string | undefined; schema: Json | undefined }[];
  /**
   * The x-pagination `items` field when the operation is paginated (null: the body is the list),
   * and the schema of one item (`$ref` kept) when the spec says it.
   */
  pagination: { items: string | null; itemSchema: Json | undefined } | undefined;
  idempotent: boolean;
  summary: string;
  description: string | undefined;
  provenance: string | undefined;
  inferredPath: boolean;
  docsUrl: string | undefined;
}

/** Follows a local `$ref` of the bundle; other values pass through. */
export function deref(spec: Json, value: Json): Json {
  const ref = value.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return value;
  return ref
    .slice(2)
    .split("/")
    .reduce((node: Json, key) => node[key] as Json, spec);
}

/** The JSON media type of a `content` map (`application/json`, `application/problem+json`). */
const jsonMedia = (content: Json) =>
  Object.keys(content).find((type) => /^application\/(.+\+)?json$/.test(type));

export interface Operation {
  path: string;
  method: string;
  op: Json;
  parameters: Json[];
}

export function operationsOf(spec: Json): Operation[] {
  const all: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    const shared = (item.parameters as Json[] | undefined) ?? [];
    for (const method of httpMethods) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const own = (op.parameters as Json[] | undefined) ?? [];
      const parameters = [...shared, ...own].map((p) => deref(spec, p));
      all.push({ path, method, op, parameters });
    }
  }
  return all;
}

export function methodInfo(spec: Json, name: string, { path, method, op, parameters }: Operation) {
  const inPath = (p: Json) => p.in === "path";
  const query = parameters.filter((p) => p.in === "query");
  const body = op.requestBody ? deref(spec, op.requestBody as Json) : undefined;
  const queryRequired = query.some((p) => p.required === true);
  const kind: ArgumentKind = body
    ? queryRequired
      ? "both"
      : "body"
    : query.length > 0
      ? "query"
      : "none";
  const order = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const pathParams = order.map((param) => {
    const declared = parameters.find((p) => inPath(p) && p.name === param);
    const schema = declared?.schema ? deref(spec, declared.schema as Json) : undefined;
    return { name: param, description: declared?.description as string | undefined, schema };
  });
  const responses = op.responses as Record<string, Json>;
  const successes = Object.keys(responses)
    .filter((status) => /^2(\d\d|XX)$/.test(status))
    .map((status) => {
      const content = (deref(spec, responses[status] as Json).content ?? {}) as Json;
      const media = jsonMedia(content);
      const schema = media ? ((content[media] as Json).schema as Json | undefined) : undefined;
      return { status, media, schema };
    });
  const pagination = op["x-pagination"] as Json | undefined;
  const bodyContent = (body?.content ?? {}) as Record<string, Json>;
  const bodyMedia = jsonMedia(bodyContent);
  const docs = op.externalDocs as Json | undefined;
  return {
    name,
    operationId: op.operationId as string,
    method: method.toUpperCase(),
    path,
    pathParams,
    kind,
    queryRequired,
    queryInOptions: kind === "body" && query.length > 0,
    bodyRequired: body?.required === true,
    bodyDescription: body?.description as string | undefined,
    bodyMedia,
    bodySchema: bodyMedia ? (bodyContent[bodyMedia]?.schema as Json | undefined) : undefined,
    successes,
    pagination: pagination ? paginationOf(spec, pagination, successes[0]?.schema) : undefined,
    idempotent:
      typeof op["x-idempotent"] === "boolean"
        ? (op["x-idempotent"] as boolean)
        : idempotentMethods.has(method),
    summary: op.summary as string,
    description: op.description as string | undefined,
    provenance: op["x-provenance"] as string | undefined,
    inferredPath: op["x-inferred-path"] === true,
    docsUrl: docs?.url as string | undefined,
  } satisfies MethodInfo;
}

/** A paginated operation's items field and the schema of one item, read from its page schema. */
function paginationOf(spec: Json, pagination: Json, pageSchema: Json | undefined) {
  const items = (pagination.items as string | undefined) ?? null;
  const page = pageSchema ? deref(spec, pageSchema) : undefined;
  const list = items
    ? ((page?.properties as Record<string, Json> | undefined)?.[items] ?? {})
    : page;
  return { items, itemSchema: list ? (deref(spec, list).items as Json | undefined) : undefined };
}
