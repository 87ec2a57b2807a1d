/**
 * The resource tree of one API, read from its bundled spec: tag → resource, operation → method
 * (names from names.ts), with what the emitters need to write each method's signature and TSDoc.
 * Throws, naming the operation, when an operation has no method name, a name matches nothing, or
 * two operations would share a name.
 */
import type { ApiNames } from "./names.ts";

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

export interface ResourceNode {
  /** The dotted path, e.g. `processes.borrowers` (empty for the root). */
  path: string;
  description: string | undefined;
  methods: MethodInfo[];
  children: Map<string, ResourceNode>;
}

/** Follows a local `$ref` of the bundle; other values pass through. */
function deref(spec: Json, value: Json): Json {
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

const lowerCamel = (text: string) =>
  text.replace(/[-_]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());

/** The method name of an operation named after its path: the first segment after `prefix`. */
function nameByPath(path: string, prefix: string): string {
  const segment = path.slice(prefix.length).split("/")[0] ?? "";
  return lowerCamel(segment);
}

/** The longest `/`-ended prefix shared by `paths`. */
function commonPrefix(paths: string[]): string {
  let prefix = paths[0] ?? "";
  for (const path of paths) while (!path.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf("/") + 1);
}

function nodeAt(root: ResourceNode, dotted: string, descriptions: Map<string, string>) {
  let node = root;
  for (const segment of dotted.split(".")) {
    let child = node.children.get(segment);
    if (node.methods.some((m) => m.name === segment))
      throw new Error(`resource ${dotted}: ${segment} is already a method of ${node.path}`);
    if (!child) {
      const path = node.path ? `${node.path}.${segment}` : segment;
      child = { path, description: undefined, methods: [], children: new Map() };
      node.children.set(segment, child);
    }
    node = child;
  }
  node.description ??= descriptions.get(dotted);
  return node;
}

interface Operation {
  path: string;
  method: string;
  op: Json;
  parameters: Json[];
}

function operationsOf(spec: Json): Operation[] {
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

function methodInfo(spec: Json, name: string, { path, method, op, parameters }: Operation) {
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
  const bodyMedia = body ? jsonMedia((body.content ?? {}) as Json) : undefined;
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
    bodySchema: bodyMedia
      ? ((body?.content as Record<string, Json>)[bodyMedia]?.schema as Json)
      : undefined,
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

/** The resource tree of `spec`, named by `names`. */
export function resourceTree(spec: Json, names: ApiNames): ResourceNode {
  const root: ResourceNode = { path: "", description: undefined, methods: [], children: new Map() };
  const tags = new Map(
    ((spec.tags as Json[] | undefined) ?? []).map((t) => [t.name as string, t.description]),
  );
  const descriptions = new Map(
    Object.entries(names.resources).map(([tag, dotted]) => [dotted, tags.get(tag) as string]),
  );
  const operations = operationsOf(spec).filter(
    (o) => !names.internal?.includes(o.op.operationId as string),
  );
  const prefixes = new Map(
    (names.namedByPath ?? []).map((tag) => [
      tag,
      commonPrefix(operations.filter((o) => (o.op.tags as string[])[0] === tag).map((o) => o.path)),
    ]),
  );
  const used = new Set<string>();
  for (const operation of operations) {
    const { operationId, tags: opTags } = operation.op as { operationId: string; tags: string[] };
    const where = `${operationId} (${operation.method.toUpperCase()} ${operation.path})`;
    const tag = opTags[0] as string;
    const resource = names.resources[tag];
    if (!resource)
      throw new Error(`${where}: tag ${tag} has no resource in scripts/resources/names.ts`);
    const prefix = prefixes.get(tag);
    const name = prefix ? nameByPath(operation.path, prefix) : names.methods[operationId];
    if (!name) throw new Error(`${where} has no method name in scripts/resources/names.ts`);
    used.add(operationId);
    const node = nodeAt(root, resource, descriptions);
    if (node.methods.some((m) => m.name === name) || node.children.has(name))
      throw new Error(`${where}: ${resource}.${name} is already taken`);
    node.methods.push(methodInfo(spec, name, operation));
  }
  const stale = Object.keys(names.methods).filter((id) => !used.has(id));
  if (stale.length > 0)
    throw new Error(
      `scripts/resources/names.ts names operations the spec lacks: ${stale.join(", ")}`,
    );
  return root;
}
