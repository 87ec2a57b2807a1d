/**
 * The post-processing every collection gets: ids derived from operation ids, request names and
 * folders checked against the spec, descriptions that open with the operation's provenance, the
 * base URL under a variable of its own, and saved responses without a copy of their request.
 */
import type { Json } from "./convert.ts";
import { stableId } from "./ids.ts";

const methods = ["get", "put", "post", "delete", "patch", "head", "options"];

/** What each `x-provenance` value means, in the words the spec's own description uses. */
const provenanceText: Record<string, string> = {
  documented: "**Documented**: the API reference showed this operation's parameters and responses.",
  partial:
    "**Partly documented**: the API reference showed some of this operation's parameters or responses; the rest is inferred (marked `x-inferred` in the spec).",
  inferred:
    "**Inferred**: only this operation's name and HTTP method are documented; its parameters and responses are inferred.",
};

export interface SpecOperation {
  key: string;
  operation: Json;
}

/** `METHOD /path` of every operation of a bundled spec, in the spec's order. */
export function operationsOf(spec: Json): SpecOperation[] {
  return Object.entries(spec.paths as Record<string, Json>).flatMap(([path, item]) =>
    methods
      .filter((method) => item[method])
      .map((method) => ({ key: `${method.toUpperCase()} ${path}`, operation: item[method] })),
  );
}

/** The provenance paragraph a request's description opens with. */
export function provenanceOf(operation: Json): string {
  const text = provenanceText[operation["x-provenance"]];
  if (!text) throw new Error(`${operation.operationId}: unknown x-provenance`);
  const inferredPath = operation["x-inferred-path"];
  if (!inferredPath) return text;
  const why = typeof inferredPath === "string" ? ` ${inferredPath}` : "";
  return `${text}\n\n**Inferred path**: no source showed this URL path.${why}`;
}

/** Requests of a converted collection, with the folder each sits in. */
export function requestsOf(collection: Json): { folder: Json; item: Json }[] {
  return (collection.item as Json[]).flatMap((folder) =>
    (folder.item as Json[]).map((item) => ({ folder, item })),
  );
}

/** `METHOD /path` of a converted request, its `:name` segments back in `{name}` form. */
export function keyOf(request: Json): string {
  const segments = (request.url.path as string[]).map((s) =>
    s.startsWith(":") ? `{${s.slice(1)}}` : s,
  );
  return `${request.method} /${segments.join("/")}`;
}

const markdown = (content: string) => ({ content, type: "text/markdown" });

/**
 * A saved response as Postman shows it, without the full copy of its request (descriptions
 * included) that the converter repeats in each one: the request is the item's own.
 */
function trimResponse(response: Json, id: string, request: Json): Json {
  const { id: _random, originalRequest, _postman_previewlanguage, cookie, ...kept } = response;
  const url = { host: request.url.host, path: request.url.path };
  return { id, ...kept, originalRequest: { method: request.method, url } };
}

/**
 * Gives each converted request of `api` its stable id and provenance, checks that the spec's
 * operations and the collection's requests match one to one (summary = name, first tag = folder),
 * and moves the host from `{{baseUrl}}` to `{{<baseUrlVariable>}}`.
 */
export function normaliseRequests(
  collection: Json,
  api: string,
  spec: Json,
  baseUrlVariable: string,
) {
  const byKey = new Map(operationsOf(spec).map((o) => [o.key, o.operation]));
  for (const { folder, item } of requestsOf(collection)) {
    const key = keyOf(item.request);
    const operation = byKey.get(key);
    if (!operation) throw new Error(`${api}: ${key} is in the collection but not in the spec`);
    byKey.delete(key);
    if (item.name !== operation.summary || folder.name !== operation.tags[0]) {
      throw new Error(`${api}: ${key} is "${folder.name}/${item.name}", not its tag and summary`);
    }
    item.id = stableId(`${api} ${operation.operationId}`);
    item.request.description = markdown(`${provenanceOf(operation)}\n\n${operation.description}`);
    item.request.url.host = [`{{${baseUrlVariable}}}`];
    delete item.request.auth; // inherit the collection's
    item.response = (item.response as Json[]).map((response, i) =>
      trimResponse(response, stableId(`${item.id} ${i}`), item.request),
    );
  }
  if (byKey.size > 0) throw new Error(`${api}: not converted: ${[...byKey.keys()].join(", ")}`);
}

/** Postman's script event, from the source of a sandbox script. */
export function scriptEvent(listen: "prerequest" | "test", source: string, name: string): Json {
  return {
    listen,
    script: {
      id: stableId(`${name} ${listen}`),
      type: "text/javascript",
      exec: source.split("\n"),
    },
  };
}

/** A collection variable, documented. */
export function variable(key: string, value: string, description: string): Json {
  return { key, value, type: "string", description };
}
