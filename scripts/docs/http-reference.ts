/**
 * One spec's HTTP reference: a single HTML file with Redoc's standalone bundle inlined (the copy
 * that ships in the @redocly/cli package, so nothing is fetched from a CDN), vendor extensions
 * shown, and provenance badges on what the public docs did not show.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { specPath } from "../prism.ts";
import { redoclyAsync } from "../redocly.ts";
import { withProvenanceBadges } from "./provenance.ts";

/**
 * Redoc 3's sidebar footer loads Redocly's logo from their CDN; the page must work offline and
 * send nothing out, so the logo becomes an inline SVG saying the same.
 */
const remoteLogo = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const inlineLogo = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="52" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#0044d4">Redocly</text></svg>',
)}`;

/** Renders `generated/<api>.openapi.json` to `<outDir>/<api>.html` and returns that path. */
export async function buildHttpReference(api: string, outDir: string): Promise<string> {
  const spec = JSON.parse(await readFile(specPath(api), "utf8")) as Record<string, unknown>;
  const work = await mkdtemp(join(tmpdir(), "docs-"));
  try {
    const input = join(work, `${api}.openapi.json`);
    await writeFile(input, JSON.stringify(withProvenanceBadges(spec)));
    const output = join(outDir, `${api}.html`);
    const args = ["build-docs", input, "--output", output, "--inlineBundle"];
    await redoclyAsync([...args, "--openapi.showExtensions=true"]);
    const html = await readFile(output, "utf8");
    await writeFile(output, html.replace(remoteLogo, inlineLogo));
    return output;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
