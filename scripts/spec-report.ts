/**
 * Prints, for each bundled spec in generated/, its operations by provenance and every
 * parameter or property marked `x-inferred: true`, so what is known and what is guessed can be
 * counted rather than claimed.
 */
import { readFileSync } from "node:fs";
import { apis } from "./apis.ts";
import { specPath } from "./prism.ts";

type Node = Record<string, unknown>;
const methods = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

/** Every location (a readable path) in the document whose object carries x-inferred: true. */
function inferredLocations(node: unknown, at: string[] = [], found: string[] = []): string[] {
  if (node === null || typeof node !== "object") return found;
  const object = node as Node;
  if (object["x-inferred"] === true) {
    const name =
      typeof object.name === "string" && typeof object.in === "string"
        ? ` (${object.in} ${object.name})`
        : "";
    found.push(`${at.join(".")}${name}`);
  }
  for (const [key, value] of Object.entries(object)) inferredLocations(value, [...at, key], found);
  return found;
}

for (const api of apis) {
  const spec = JSON.parse(readFileSync(specPath(api), "utf8")) as Node;
  const byProvenance = new Map<string, string[]>();
  for (const item of Object.values(spec.paths as Record<string, Node>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!methods.has(method)) continue;
      const { summary, "x-provenance": provenance } = op as Node;
      const list = byProvenance.get(String(provenance)) ?? [];
      list.push(String(summary));
      byProvenance.set(String(provenance), list);
    }
  }
  const total = [...byProvenance.values()].reduce((sum, list) => sum + list.length, 0);
  const inferred = inferredLocations({ paths: spec.paths, components: spec.components });
  console.log(`\n# ${api}: ${total} operations`);
  for (const provenance of ["documented", "partial", "inferred"]) {
    const list = byProvenance.get(provenance) ?? [];
    console.log(
      `  ${provenance.padEnd(10)} ${String(list.length).padStart(3)}  ${list.join(", ")}`,
    );
  }
  console.log(`  x-inferred parameters and properties: ${inferred.length}`);
  for (const location of inferred) console.log(`    - ${location}`);
}
