/**
 * The resource tree of one API, read from its bundled spec: tag → resource, operation → method
 * (names from names.ts), with what the emitters need to write each method's signature and TSDoc.
 * Throws, naming the operation, when an operation has no method name, a name matches nothing, or
 * two operations would share a name.
 */
import type { ApiNames } from "./names.ts";
import { type MethodInfo, methodInfo, operationsOf } from "./operation.ts";

export type { ArgumentKind, MethodInfo, Parameter } from "./operation.ts";

type Json = Record<string, unknown>;

export interface ResourceNode {
  /** The dotted path, e.g. `processes.borrowers` (empty for the root). */
  path: string;
  description: string | undefined;
  methods: MethodInfo[];
  children: Map<string, ResourceNode>;
}
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
