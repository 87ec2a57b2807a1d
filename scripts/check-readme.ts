/**
 * `npm run check:readme` (a step of `npm test`): every ```ts block of the README must compile
 * against the package's real exports, so the examples cannot rot. Each block becomes a module
 * in a temporary folder, with `from "bctt-cesce-sdk"` pointed at src/index.ts (and a subpath
 * `bctt-cesce-sdk/<part>` at src/<part>/index.ts), type-checked with
 * the project's options. Two probes go into the same program, so the proof costs nothing extra:
 * an example calling a documented path must compile and one calling a path the spec lacks must
 * not; otherwise the check itself is broken and fails. It is a step rather than a test because
 * type-checking the SDK takes tens of seconds on a loaded machine and no test should race a clock.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";

const root = join(import.meta.dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

const probe = (path: string) =>
  `import { createPartnersPortalClient } from "bctt-cesce-sdk";
const client = createPartnersPortalClient({ credentials: { clientId: "a", clientSecret: "b", brokerUid: "c", username: "d" } });
await client.GET("${path}", {});`;
const probes = { good: probe("/v1/taxonomy/genders"), bad: probe("/v1/nowhere") };

const options: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  allowImportingTsExtensions: true,
  noEmit: true,
  skipLibCheck: true,
  types: ["node"],
  typeRoots: [join(root, "node_modules/@types")],
};

const requireHere = createRequire(import.meta.url);

/** Points the package's imports at its sources: a subpath `bctt-cesce-sdk/<part>` is src/<part>/. */
function pointAtSources(source: string): string {
  return (
    source
      .replaceAll('from "bctt-cesce-sdk"', `from ${JSON.stringify(join(root, "src/index.ts"))}`)
      // The fleet examples import a Redis client, the tracing example OpenTelemetry: resolved
      // from the project's node_modules.
      .replaceAll(
        /from "(redis|ioredis|@opentelemetry\/[\w-]+)"/g,
        (_, name: string) => `from ${JSON.stringify(requireHere.resolve(name))}`,
      )
      .replace(
        /from "bctt-cesce-sdk\/([\w-]+)"/g,
        (_import, part) => `from ${JSON.stringify(join(root, "src", part, "index.ts"))}`,
      )
  );
}

/** Type-checks the sources as one program; returns the diagnostics of each, by its name. */
function compile(sources: Record<string, string>): Map<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), "readme-"));
  try {
    const files = new Map<string, string>();
    for (const [name, source] of Object.entries(sources)) {
      const file = join(dir, `${name}.mts`);
      writeFileSync(
        file,
        `export {};
${pointAtSources(source)}`,
      );
      files.set(file, name);
    }
    const program = ts.createProgram([...files.keys()], options);
    const found = new Map<string, string[]>([...files.values()].map((name) => [name, []]));
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const name = files.get(diagnostic.file?.fileName ?? "") ?? "(program)";
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      found.set(name, [...(found.get(name) ?? []), text]);
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sources: Record<string, string> = { "probe-good": probes.good, "probe-bad": probes.bad };
for (const [i, block] of blocks.entries()) sources[`README block ${i + 1}`] = block;
const results = compile(sources);
const problems: string[] = [];
if (blocks.length < 2)
  problems.push(`the README has ${blocks.length} \`\`\`ts blocks, expected at least 2`);
if ((results.get("probe-good") ?? []).length > 0)
  problems.push(`the check is broken: a valid example fails: ${results.get("probe-good")}`);
if ((results.get("probe-bad") ?? []).length === 0)
  problems.push("the check is broken: an example calling /v1/nowhere compiles");
for (const [name, messages] of results) {
  if (name.startsWith("probe-")) continue;
  for (const message of messages) problems.push(`${name}: ${message}`);
}
for (const problem of problems) console.error(`check:readme: ${problem}`);
if (problems.length > 0) process.exit(1);
console.log(`check:readme: ${blocks.length} README examples compile`);
