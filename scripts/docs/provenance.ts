/**
 * Makes the specs' provenance visible in the rendered reference: Redoc shows `x-badges` next to
 * an operation's title and a property's name, so each operation gets a badge saying how much of
 * it the public docs showed, and everything marked `x-inferred: true` gets an "Inferred" badge.
 * The spec in generated/ is left as it is; this works on a copy.
 */

type Node = Record<string, unknown>;

const methods = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

/** Badge per `x-provenance` value, the wording shown to a reader. */
export const provenanceBadges = {
  documented: { name: "Documented", color: "#aceebb" },
  partial: { name: "Partial", color: "#fae17d" },
  inferred: { name: "Inferred", color: "#ffcecb" },
} as const;

const inferredBadge = provenanceBadges.inferred;

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === "object";
}

function badge(node: Node, entry: { name: string; color: string }): void {
  const badges = Array.isArray(node["x-badges"]) ? node["x-badges"] : [];
  node["x-badges"] = [...badges, entry];
}

/** Badges every object with `x-inferred: true`, and a parameter's schema with it. */
function markInferred(node: unknown): void {
  if (!isNode(node)) return;
  if (node["x-inferred"] === true) {
    badge(node, inferredBadge);
    if (typeof node.in === "string" && isNode(node.schema)) badge(node.schema, inferredBadge);
  }
  for (const value of Object.values(node)) markInferred(value);
}

function markOperations(paths: Node): void {
  for (const item of Object.values(paths)) {
    if (!isNode(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!methods.has(method) || !isNode(operation)) continue;
      const provenance = operation["x-provenance"] as keyof typeof provenanceBadges;
      const entry = provenanceBadges[provenance];
      if (entry) badge(operation, entry);
    }
  }
}

/** A copy of a bundled spec with provenance badges added; the input is not changed. */
export function withProvenanceBadges(spec: Node): Node {
  const copy = structuredClone(spec);
  markInferred(copy);
  if (isNode(copy.paths)) markOperations(copy.paths);
  if (isNode(copy.webhooks)) markOperations(copy.webhooks);
  return copy;
}

/** How many operations of a spec have each provenance, and how many things are inferred. */
export function provenanceCounts(spec: Node): Record<string, number> {
  const counts: Record<string, number> = { documented: 0, partial: 0, inferred: 0, fields: 0 };
  const countInferred = (node: unknown): void => {
    if (!isNode(node)) return;
    if (node["x-inferred"] === true) counts.fields = (counts.fields ?? 0) + 1;
    for (const value of Object.values(node)) countInferred(value);
  };
  countInferred({ paths: spec.paths, components: spec.components });
  for (const item of Object.values(isNode(spec.paths) ? spec.paths : {})) {
    for (const [method, operation] of Object.entries(isNode(item) ? item : {})) {
      if (!methods.has(method) || !isNode(operation)) continue;
      const provenance = String(operation["x-provenance"]);
      counts[provenance] = (counts[provenance] ?? 0) + 1;
    }
  }
  return counts;
}
