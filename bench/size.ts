/**
 * Figure 5: the runtime's size as a bundler ships it. esbuild bundles `src/index.ts` (every export,
 * so nothing is tree-shaken away) as minified ESM, openapi-fetch included, and the bundle is
 * gzipped at level 9. For comparison: openapi-fetch alone, our code alone (openapi-fetch
 * external), and what the generated operation tables (`generated/*.operations.ts`, 82 + 6 + 1
 * rows of run-time metadata) add, as they are and trimmed to the fields the SDK reads.
 */
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import { type Figure, kB, type Log } from "./figure.ts";

const root = new URL("..", import.meta.url).pathname;
const goalMinified = 12_000;
const goalGzip = 5_000;

export interface Size {
  minified: number;
  gzip: number;
  /** Minified bytes each input file contributes. */
  inputs: Record<string, number>;
}

type Rows = readonly Record<string, unknown>[];

/** Replaces each generated operation table with `rows(table)`, to see what the tables cost. */
function rewriteTables(rows: (table: Rows) => unknown[]): Plugin {
  return {
    name: "rewrite-operation-tables",
    setup(builder) {
      builder.onLoad({ filter: /generated[\\/].+\.operations\.ts$/ }, async ({ path }) => {
        const module = (await import(path)) as { defaultBaseUrl: string; operations: Rows };
        const contents = [
          `export const defaultBaseUrl = ${JSON.stringify(module.defaultBaseUrl)};`,
          `export const operations = ${JSON.stringify(rows(module.operations))};`,
        ].join("\n");
        return { contents, loader: "ts" };
      });
    },
  };
}

/** Only the fields `src/` reads at run time; `pagination: null` and the tag of non-taxonomy rows dropped. */
const trimmed = (table: Rows) =>
  table.map(({ method, path, idempotent, pagination, tag }) => ({
    method,
    path,
    idempotent,
    ...(pagination ? { pagination } : {}),
    ...(tag === "Taxonomy" ? { tag } : {}),
  }));

const idempotentByDefault = (method: unknown) => ["GET", "PUT", "DELETE"].includes(String(method));
/**
 * A sketch of a compact run-time table: only the rows src needs to look up (paginated, or whose
 * idempotency differs from their method's), trimmed; taxonomy paths would become a prefix test.
 */
const compact = (table: Rows) =>
  trimmed(table).filter(
    (row) => row.pagination || row.idempotent !== idempotentByDefault(row.method),
  );

export async function bundle(
  entry: { path: string } | { contents: string },
  options: { external?: string[]; plugins?: Plugin[] } = {},
): Promise<Size> {
  const result = await build({
    ...("path" in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: "ts" } }),
    absWorkingDir: root,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    external: options.external ?? [],
    plugins: options.plugins ?? [],
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.fromEntries(
    Object.entries(output?.inputs ?? {}).map(([file, input]) => [file, input.bytesInOutput]),
  );
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs };
}

const sum = (inputs: Record<string, number>, match: RegExp) =>
  Object.entries(inputs).reduce(
    (total, [file, bytes]) => total + (match.test(file) ? bytes : 0),
    0,
  );

function missNote(
  whole: Size,
  openapiFetch: Size,
  compactTables: Size,
  srcMin: number,
  tablesMin: number,
): string {
  const over = (value: number, goal: number) =>
    `${kB(value - goal)} (${(value / goal).toFixed(1)}×)`;
  return [
    `**Goal missed** by ${over(whole.minified, goalMinified)} minified and ${over(whole.gzip, goalGzip)}`,
    `gzip. Why: openapi-fetch alone takes ${kB(openapiFetch.minified)} / ${kB(openapiFetch.gzip)} of the`,
    `budget; the generated operation tables add ${kB(tablesMin)} minified, and src/ (sessions, OAuth,`,
    `retries, typed errors, three pagination styles, codecs, cache, rate limit) ${kB(srcMin)}. What would`,
    "close part of it: generating a run-time table with only what src reads (the 5 paginated",
    "paths, the few operations whose idempotency differs from their method's, a `/v1/taxonomy/`",
    `prefix test instead of 45 paths; the "sketch" row) brings the whole to ${kB(compactTables.minified)} /`,
    `${kB(compactTables.gzip)}. The rest cannot fit 12 kB / 5 kB without dropping features: the goal`,
    "would need restating, e.g. per entry point (the tree-shaken rows above) or excluding",
    "openapi-fetch.",
  ].join("\n");
}

export async function measureSize(log: Log): Promise<Figure> {
  const index = { path: "src/index.ts" };
  const whole = await bundle(index);
  const openapiFetch = await bundle({
    contents: 'export * from "openapi-fetch"; export { default } from "openapi-fetch";',
  });
  const ours = await bundle(index, { external: ["openapi-fetch"] });
  const portalApp = await bundle({
    contents: 'export { createPartnersPortalClient, paginate, unwrap } from "./src/index.ts";',
  });
  const cesceApp = await bundle({
    contents: 'export { cesceAmount, cesceDate, createCesceClient, unwrap } from "./src/index.ts";',
  });
  const noTables = await bundle(index, { plugins: [rewriteTables(() => [])] });
  const trimmedTables = await bundle(index, { plugins: [rewriteTables(trimmed)] });
  const compactTables = await bundle(index, { plugins: [rewriteTables(compact)] });
  const tablesMin = sum(whole.inputs, /\.operations\.ts$/);
  const srcMin = sum(whole.inputs, /^src\//);
  const met = whole.minified <= goalMinified && whole.gzip <= goalGzip;
  log(`  size: ${kB(whole.minified)} minified, ${kB(whole.gzip)} gzip`);

  const row = (label: string, size: Size) => `| ${label} | ${size.minified} | ${size.gzip} |`;
  const details = [
    "esbuild (`bundle`, `format: esm`, `platform: neutral`, `target: es2022`, `minify`) of",
    "`src/index.ts`, gzip level 9. Bytes:",
    "",
    "| bundle | minified | gzip |",
    "| --- | ---: | ---: |",
    row("**the whole runtime** (src + generated tables + openapi-fetch)", whole),
    row("openapi-fetch alone", openapiFetch),
    row("our code alone (openapi-fetch external)", ours),
    row(
      "an app importing `createPartnersPortalClient`, `paginate`, `unwrap` (tree-shaken)",
      portalApp,
    ),
    row("an app importing `createCesceClient`, `unwrap`, the codecs (tree-shaken)", cesceApp),
    row("the whole runtime, operation tables emptied (what the tables cost)", noTables),
    row("the whole runtime, tables trimmed to the fields src reads", trimmedTables),
    row(
      "the whole runtime, tables cut to the rows that differ from the default (sketch)",
      compactTables,
    ),
    "",
    `Of the whole bundle's minified bytes, src/ contributes ${srcMin}, the generated operation`,
    `tables ${tablesMin} (${((100 * tablesMin) / whole.minified).toFixed(0)} %) and openapi-fetch the rest.`,
    `The tables add ${whole.gzip - noTables.gzip} bytes gzip; trimming them to \`method\`, \`path\`,`,
    "`idempotent`, `pagination` (when set) and the taxonomy tag (dropping `operationId`,",
    `\`provenance\` and \`pagination: null\`) would save ${whole.minified - trimmedTables.minified} bytes minified and`,
    `${whole.gzip - trimmedTables.gzip} gzip.`,
    ...(met ? [] : ["", missNote(whole, openapiFetch, compactTables, srcMin, tablesMin)]),
  ].join("\n");
  return {
    title: "5. Runtime size (esbuild, minified / gzip)",
    measured: `${kB(whole.minified)} / ${kB(whole.gzip)} (openapi-fetch alone ${kB(openapiFetch.minified)} / ${kB(openapiFetch.gzip)})`,
    goal: `≤ ${kB(goalMinified)} / ≤ ${kB(goalGzip)}`,
    met,
    details,
  };
}
