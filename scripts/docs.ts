/**
 * `npm run docs [-- --out <dir>]`: one self-contained documentation site (default docs/) that
 * works from file:// with no network: index.html, an HTTP reference per spec (Redoc, inlined)
 * and the SDK reference (TypeDoc).
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { apis } from "./apis.ts";
import { buildHttpReference } from "./docs/http-reference.ts";
import { type HttpReferenceEntry, indexPage } from "./docs/index-page.ts";
import { provenanceCounts } from "./docs/provenance.ts";
import { buildSdkReference } from "./docs/sdk-reference.ts";
import { specPath } from "./prism.ts";

const root = join(import.meta.dirname, "..");
const { values } = parseArgs({ options: { out: { type: "string" } } });
const outDir = resolve(values.out ?? join(root, "docs"));

async function entry(api: string): Promise<HttpReferenceEntry> {
  const spec = JSON.parse(await readFile(specPath(api), "utf8"));
  await buildHttpReference(api, outDir);
  return {
    file: `${api}.html`,
    title: spec.info.title,
    version: spec.info.version,
    counts: provenanceCounts(spec),
  };
}

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const [references] = await Promise.all([Promise.all(apis.map(entry)), buildSdkReference(outDir)]);
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
await writeFile(join(outDir, "index.html"), indexPage(pkg.version, references));
for (const file of ["index.html", ...references.map((r) => r.file), "sdk/index.html"])
  console.log(join(outDir, file));
