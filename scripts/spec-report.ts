/**
 * Prints, for each bundled spec in generated/, what is known and what is guessed, counted from
 * the provenance extensions (openapi/README.md) rather than claimed:
 *   - operations by `x-provenance`, and the operations whose path is a guess (`x-inferred-path`),
 *     one line per inferred path;
 *   - parameters, properties, schemas, responses, headers and examples marked `x-inferred`
 *     (the element itself is a guess), and those marked `x-inferred-type` (the element is
 *     documented, its type or format is a guess);
 *   - `required` lists marked `x-inferred-required`.
 * `--verbose` also lists every marked location.
 */
import { readFileSync } from "node:fs";
import { apis } from "./apis.ts";
import { specPath } from "./prism.ts";

type Node = Record<string, unknown>;
const methods = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);
const markers = ["x-inferred", "x-inferred-type", "x-inferred-required"] as const;
type Marker = (typeof markers)[number];

/** One object carrying a marker, with what kind of element it is. */
interface Mark {
  marker: Marker;
  kind: string;
  at: string;
}

/** What kind of element `object`, reached under the key `parentKey`, is. */
function kindOf(object: Node, parentKey: string | undefined, grandKey: string | undefined) {
  if (typeof object.name === "string" && typeof object.in === "string") return "parameters";
  if (grandKey === "properties") return "properties";
  if (grandKey === "responses") return "responses";
  if (grandKey === "headers") return "headers";
  if (grandKey === "examples") return "examples";
  if (parentKey === "schema" || grandKey === "schemas" || parentKey === "items") return "schemas";
  return "other";
}

/** Every object of the document carrying a marker, depth first. */
function marksIn(node: unknown, at: string[] = [], found: Mark[] = []): Mark[] {
  if (node === null || typeof node !== "object") return found;
  const object = node as Node;
  for (const marker of markers) {
    if (object[marker] !== true) continue;
    const kind = kindOf(object, at.at(-1), at.at(-2));
    const name = kind === "parameters" ? ` (${object.in} ${object.name})` : "";
    found.push({ marker, kind, at: `${at.join(".")}${name}` });
  }
  for (const [key, value] of Object.entries(object)) marksIn(value, [...at, key], found);
  return found;
}

interface Operation {
  path: string;
  method: string;
  op: Node;
}

function operationsOf(spec: Node): Operation[] {
  return Object.entries(spec.paths as Record<string, Node>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.has(method))
      .map(([method, op]) => ({ path, method: method.toUpperCase(), op: op as Node })),
  );
}

/** `N` or `N (+M with an inferred type)`, for one kind of element. */
function countLine(marks: Mark[], kind: string): string {
  const guessed = marks.filter((m) => m.kind === kind && m.marker === "x-inferred").length;
  const typed = marks.filter((m) => m.kind === kind && m.marker === "x-inferred-type").length;
  return `${String(guessed).padStart(3)} inferred, ${String(typed).padStart(3)} with an inferred type`;
}

function report(api: string, spec: Node, verbose: boolean): void {
  const operations = operationsOf(spec);
  console.log(`\n# ${api}: ${operations.length} operations`);
  for (const provenance of ["documented", "partial", "inferred"]) {
    const list = operations.filter((o) => o.op["x-provenance"] === provenance);
    const names = list.map((o) => o.op.summary).join(", ");
    console.log(`  ${provenance.padEnd(10)} ${String(list.length).padStart(3)}  ${names}`);
  }
  const guessedPaths = new Map<string, string[]>();
  for (const { path, method, op } of operations) {
    if (op["x-inferred-path"] !== true) continue;
    guessedPaths.set(path, [...(guessedPaths.get(path) ?? []), `${method} ${op.summary}`]);
  }
  const guessedOps = [...guessedPaths.values()].flat().length;
  console.log(`  inferred paths: ${guessedPaths.size} (${guessedOps} operations)`);
  for (const [path, ops] of guessedPaths) console.log(`    - ${path}  ${ops.join(", ")}`);

  const marks = marksIn({
    paths: spec.paths,
    webhooks: spec.webhooks,
    components: spec.components,
  });
  for (const kind of ["parameters", "properties", "schemas", "responses", "headers", "examples"]) {
    console.log(`  ${`${kind}:`.padEnd(12)} ${countLine(marks, kind)}`);
  }
  const required = marks.filter((m) => m.marker === "x-inferred-required");
  console.log(`  inferred required lists: ${required.length}`);
  if (!verbose) return;
  for (const mark of marks) console.log(`    - ${mark.marker.padEnd(19)} ${mark.at}`);
}

const verbose = process.argv.includes("--verbose");
for (const api of apis) {
  report(api, JSON.parse(readFileSync(specPath(api), "utf8")) as Node, verbose);
}
