/**
 * What the resource methods add to the bundle and to the compiler, for figure 10 (resources.ts).
 * The bundle is measured as figure 4 measures it, once as it is and once with the resource layer
 * stubbed out (`withResources` returning the client, empty tables). The types are measured as
 * figure 8 measures them, against the package's emitted declarations.
 */
import { writeFile } from "node:fs/promises";
import type { Plugin } from "esbuild";
import { fixed, kB, type Log } from "./figure.ts";
import { methodProgram, oneCallProgram } from "./resource-programs.ts";
import { bundle, type Size } from "./size.ts";
import { sdkProgram } from "./type-programs.ts";
import { type Diagnostics, measure, tsconfig, withDeclarations } from "./types.ts";

/** The runtime without resource methods: the builder returns the client, the tables are empty. */
const withoutResources: Plugin = {
  name: "without-resources",
  setup(builder) {
    builder.onLoad({ filter: /src[\\/]resources[\\/]resources\.ts$/ }, () => ({
      contents: "export const withResources = (client) => client;",
      loader: "ts",
    }));
    builder.onLoad({ filter: /\.resource-table\.ts$/ }, () => ({
      contents: "export const resourceTable = {};",
      loader: "ts",
    }));
  },
};

export async function resourceBundleCost() {
  const portalApp = {
    contents: 'export { createPartnersPortalClient, unwrap } from "./src/index.ts";',
  };
  const whole = await bundle({ path: "src/index.ts" });
  const wholeWithout = await bundle({ path: "src/index.ts" }, { plugins: [withoutResources] });
  const app = await bundle(portalApp);
  const appWithout = await bundle(portalApp, { plugins: [withoutResources] });
  const added = (a: Size, b: Size) =>
    `+${a.minified - b.minified} B minified, +${a.gzip - b.gzip} B gzip`;
  const tables = Object.entries(whole.inputs)
    .filter(([file]) => /resource-table\.ts$/.test(file))
    .reduce((sum, [, bytes]) => sum + bytes, 0);
  return {
    headline: `${kB(whole.gzip - wholeWithout.gzip)} gzip`,
    lines: [
      "Bundle (esbuild, minified, gzip level 9, as figure 4), with and without the resource layer:",
      "",
      "| bundle | minified | gzip | the resource layer adds |",
      "| --- | ---: | ---: | --- |",
      `| the whole runtime (\`src/index.ts\`) | ${whole.minified} | ${whole.gzip} | ${added(whole, wholeWithout)} |`,
      `| an app importing \`createPartnersPortalClient\`, \`unwrap\` | ${app.minified} | ${app.gzip} | ${added(app, appWithout)} |`,
      "",
      `Of that, the generated resource tables are ${tables} B minified (86 rows: HTTP method, path, argument kind).`,
    ],
  };
}

type Programs = Record<"unwrap" | "methods" | "one-call", string>;
type Results = Record<keyof Programs | "one-call-without", Diagnostics>;

/** Compiles each program against the emitted declarations, then the one-call one without resource types. */
async function diagnoseAll(work: string, programs: Programs, log: Log): Promise<Results> {
  const results: Partial<Results> = {};
  for (const [name, source] of Object.entries(programs) as [keyof Programs, string][]) {
    await writeFile(`${work}/${name}.ts`, source);
    await writeFile(`${work}/tsconfig.${name}.json`, tsconfig(`${name}.ts`));
    results[name] = await measure(work, `tsconfig.${name}.json`);
  }
  // The same declarations, the resource interfaces emptied: what a program pays for them unused.
  const empty = (name: string) => `export interface ${name} {}\n`;
  await writeFile(
    `${work}/dist/generated/partners-portal.resources.d.ts`,
    empty("PartnersPortalResources"),
  );
  await writeFile(
    `${work}/dist/generated/cesce-classifications.resources.d.ts`,
    empty("CesceResources"),
  );
  results["one-call-without"] = await measure(work, "tsconfig.one-call.json");
  log("  resources: types measured");
  return results as Results;
}

export function resourceTypeCost(log: Log) {
  return withDeclarations("bench-resource-types-", async (work) => {
    const d = await diagnoseAll(
      work,
      { unwrap: sdkProgram("unwrap"), methods: methodProgram(), "one-call": oneCallProgram() },
      log,
    );
    const row = (label: string, x: Diagnostics) =>
      `| ${label} | ${x.instantiations} | ${x.types} | ${fixed(x.checkSeconds, 2)} | ${fixed(x.memoryKb / 1024, 0)} |`;
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    return {
      headline: `${d.methods.instantiations} instantiations for every operation (unwrap: ${d.unwrap.instantiations})`,
      lines: [
        "Types (`tsc --noEmit --extendedDiagnostics`, strict, `skipLibCheck`, against the emitted",
        "declarations, as figure 8; times the median of 3 runs):",
        "",
        "| program | instantiations | types | check s | memory MB |",
        "| --- | ---: | ---: | ---: | ---: |",
        row("every operation: `await unwrap(client.METHOD(…))`", d.unwrap),
        row("every operation: `await client.resource.method(…)`", d.methods),
        row("one `unwrap` call per client", d["one-call"]),
        row("the same, resource types emptied", d["one-call-without"]),
        "",
        `Calling every operation through its method costs ${d.methods.instantiations} instantiations and`,
        `${fixed(d.methods.checkSeconds, 2)} s of checking, against ${d.unwrap.instantiations} and ${fixed(d.unwrap.checkSeconds, 2)} s for the same calls through`,
        "`unwrap(client.METHOD(…))`: a method's types are plain indexed accesses of the generated",
        "`operations`, with nothing to infer. A program that does not use them pays",
        `${d["one-call"].types - d["one-call-without"].types} types and ${d["one-call"].instantiations - d["one-call-without"].instantiations} instantiations for their declarations`,
        `(${x(d["one-call"].checkSeconds, d["one-call-without"].checkSeconds)} the check time, within the noise).`,
      ],
    };
  });
}
