/**
 * Figure 6: what the SDK's types cost the compiler. Two generated programs call every operation
 * of the Partners Portal and CESCE Classifications specs once, with parameters and bodies built
 * from the specs' own examples (as the contract tests send them): one through the SDK's clients
 * and `unwrap`, one through bare `createClient<paths>` reading `data`. Both compile against the
 * package's emitted declarations (what a user's compiler reads), with `skipLibCheck`, and
 * `tsc --noEmit --extendedDiagnostics` reports instantiations, check time and memory.
 *
 * Everything is written under bench/.tmp/ (ignored by git) and removed afterwards.
 */
import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { requestFor } from "../test/contract/requests.ts";
import { type ContractApi, classifications, portal } from "../test/contract/specs.ts";
import { type Figure, fixed, type Log, median } from "./figure.ts";

const run = promisify(execFile);
const root = new URL("..", import.meta.url).pathname;
const work = `${root}bench/.tmp/types`;
const tsc = `${root}node_modules/typescript/bin/tsc`;
const repeats = 3;

/** Operations each client sends on its own rather than on the caller's behalf. */
const sentBySdk = new Set(["authenticate"]);

/** One call per operation of `api` on `client`, as TypeScript source. */
function calls(api: ContractApi, client: string, wrap: (call: string) => string): string[] {
  return api.operations
    .filter((row) => !sentBySdk.has(row.operationId))
    .map((row) => {
      const { params, body } = requestFor(api, row);
      const init: Record<string, unknown> = {};
      const used = Object.entries(params).filter(([, values]) => Object.keys(values).length > 0);
      if (used.length > 0) init.params = Object.fromEntries(used);
      if (body !== undefined) init.body = body;
      const args = Object.keys(init).length > 0 ? `, ${JSON.stringify(init)}` : "";
      return `  ${wrap(`${client}.${row.method}(${JSON.stringify(row.path)}${args})`)};`;
    });
}

function sdkProgram(): string {
  return [
    'import { createCesceClient, createPartnersPortalClient, unwrap } from "./dist/src/index.js";',
    "",
    "const portal = createPartnersPortalClient({",
    '  credentials: { clientId: "a", clientSecret: "b", brokerUid: "c", username: "d" },',
    "});",
    "const cesce = createCesceClient({",
    '  credentials: { clientId: "a", clientSecret: "b", username: "c", password: "d" },',
    "});",
    "",
    "export async function main() {",
    ...calls(portal, "portal", (call) => `await unwrap(${call})`),
    ...calls(classifications, "cesce", (call) => `await unwrap(${call})`),
    "}",
    "",
  ].join("\n");
}

function bareProgram(): string {
  return [
    'import createClient from "openapi-fetch";',
    'import type { paths as CescePaths } from "./dist/generated/cesce-classifications.js";',
    'import type { paths as PortalPaths } from "./dist/generated/partners-portal.js";',
    "",
    'const portal = createClient<PortalPaths>({ baseUrl: "https://portal.example" });',
    'const cesce = createClient<CescePaths>({ baseUrl: "https://cesce.example" });',
    "",
    "export async function main() {",
    ...calls(portal, "portal", (call) => `(await ${call}).data`),
    ...calls(classifications, "cesce", (call) => `(await ${call}).data`),
    "}",
    "",
  ].join("\n");
}

const tsconfig = (file: string) =>
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    },
    files: [file],
  });

interface Diagnostics {
  instantiations: number;
  types: number;
  checkSeconds: number;
  totalSeconds: number;
  memoryKb: number;
}

async function diagnose(project: string): Promise<Diagnostics> {
  const { stdout } = await run(
    process.execPath,
    [tsc, "--noEmit", "--extendedDiagnostics", "-p", project],
    { cwd: work, maxBuffer: 1 << 24 },
  ).catch((error: { stdout?: string }) => {
    throw new Error(`tsc failed on ${project}:\n${error.stdout ?? String(error)}`);
  });
  const value = (name: string) => {
    const match = new RegExp(`^${name}:\\s+([\\d.]+)`, "m").exec(stdout);
    if (!match) throw new Error(`tsc printed no "${name}"`);
    return Number(match[1]);
  };
  return {
    instantiations: value("Instantiations"),
    types: value("Types"),
    checkSeconds: value("Check time"),
    totalSeconds: value("Total time"),
    memoryKb: value("Memory used"),
  };
}

/** Median time and memory of `repeats` runs (the counts are the same every run). */
async function measure(project: string): Promise<Diagnostics> {
  const runs: Diagnostics[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await diagnose(project));
  const first = runs[0] as Diagnostics;
  return {
    ...first,
    checkSeconds: median(runs.map((r) => r.checkSeconds)),
    totalSeconds: median(runs.map((r) => r.totalSeconds)),
    memoryKb: median(runs.map((r) => r.memoryKb)),
  };
}

export async function measureTypes(log: Log): Promise<Figure> {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    // The declarations a user's compiler reads, emitted as `npm run build` would.
    await run(process.execPath, [
      tsc,
      "-p",
      `${root}tsconfig.build.json`,
      "--emitDeclarationOnly",
      "--outDir",
      `${work}/dist`,
    ]);
    await writeFile(`${work}/sdk.ts`, sdkProgram());
    await writeFile(`${work}/bare.ts`, bareProgram());
    await writeFile(`${work}/tsconfig.sdk.json`, tsconfig("sdk.ts"));
    await writeFile(`${work}/tsconfig.bare.json`, tsconfig("bare.ts"));
    log("  types: programs generated, running tsc");
    const sdk = await measure("tsconfig.sdk.json");
    const bare = await measure("tsconfig.bare.json");
    return report(sdk, bare, log);
  } finally {
    if (!process.env.KEEP) await rm(work, { recursive: true, force: true });
  }
}

function report(sdk: Diagnostics, bare: Diagnostics, log: Log): Figure {
  const operations =
    portal.operations.filter((row) => !sentBySdk.has(row.operationId)).length +
    classifications.operations.length;
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  log(`  types: ${sdk.instantiations} instantiations (bare ${bare.instantiations})`);
  const row = (label: string, d: Diagnostics) =>
    `| ${label} | ${d.instantiations} | ${d.types} | ${fixed(d.checkSeconds, 2)} | ${fixed(d.totalSeconds, 2)} | ${fixed(d.memoryKb / 1024, 0)} |`;
  const details = [
    `A program that calls each of the ${operations} operations once (every Partners Portal`,
    "operation but Authenticate, which the client sends itself, and every CESCE Classifications",
    "operation), with the spec examples as parameters and bodies, compiled by",
    `\`tsc --noEmit --extendedDiagnostics\` (TypeScript, strict, \`skipLibCheck\`) against the emitted`,
    `declarations. Times and memory are the median of ${repeats} runs.`,
    "",
    "| program | instantiations | types | check s | total s | memory MB |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    row("SDK: `unwrap(client.METHOD(…))`", sdk),
    row("bare openapi-fetch: `(await client.METHOD(…)).data`", bare),
    `| SDK / bare | ${x(sdk.instantiations, bare.instantiations)} | ${x(sdk.types, bare.types)} | ${x(sdk.checkSeconds, bare.checkSeconds)} | ${x(sdk.totalSeconds, bare.totalSeconds)} | ${x(sdk.memoryKb, bare.memoryKb)} |`,
  ].join("\n");
  return {
    title: "6. Type cost (tsc, every operation called)",
    measured: `${sdk.instantiations} instantiations, ${fixed(sdk.checkSeconds, 2)} s check, ${fixed(sdk.memoryKb / 1024, 0)} MB (${x(sdk.instantiations, bare.instantiations)}, ${x(sdk.checkSeconds, bare.checkSeconds)}, ${x(sdk.memoryKb, bare.memoryKb)} bare)`,
    goal: "— (reported against bare openapi-fetch)",
    met: undefined,
    details,
  };
}
