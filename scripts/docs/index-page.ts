/** The docs' front page: what each reference covers, and how provenance is marked. */
import { provenanceBadges } from "./provenance.ts";

export interface HttpReferenceEntry {
  file: string;
  title: string;
  version: string;
  counts: Record<string, number>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function chip(kind: keyof typeof provenanceBadges): string {
  const { name, color } = provenanceBadges[kind];
  return `<span class="badge" style="background:${color}">${name}</span>`;
}

function httpItem({ file, title, version, counts }: HttpReferenceEntry): string {
  const operations = (counts.documented ?? 0) + (counts.partial ?? 0) + (counts.inferred ?? 0);
  return `<li><a href="${file}">${escapeHtml(title)}</a> <small>${escapeHtml(version)}</small><br>
  ${operations} operations: ${counts.documented} ${chip("documented")} ${counts.partial} ${chip("partial")} ${counts.inferred} ${chip("inferred")}; ${counts.fields} inferred parameters and properties</li>`;
}

/** The HTML of index.html, linking the HTTP references and the SDK reference. */
export function indexPage(packageVersion: string, references: HttpReferenceEntry[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bctt-cesce-sdk ${escapeHtml(packageVersion)}: documentation</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
li { margin-bottom: .8rem; } small { color: #59636e; }
.badge { border-radius: 4px; padding: 0 .35rem; font-size: .85em; }
</style></head>
<body>
<h1>bctt-cesce-sdk ${escapeHtml(packageVersion)}</h1>
<p>Everything here is static and works offline, opened straight from disk.</p>
<h2>SDK reference</h2>
<ul><li><a href="sdk/index.html">TypeScript API</a>: the clients and their options, <code>unwrap</code>,
pagination, errors, stores and codecs, from the TSDoc in <code>src/</code>.</li></ul>
<h2>HTTP references</h2>
<ul>
${references.map(httpItem).join("\n")}
</ul>
<h2>What is known and what is inferred</h2>
<p>The public documentation of these APIs was incomplete, so the specs say where each part comes
from, and the references show it as a badge:</p>
<ul>
<li>${chip("documented")} the operation's parameters, body and responses were seen in the docs;</li>
<li>${chip("partial")} some of them were seen, the rest is inferred;</li>
<li>${chip("inferred")} on an operation: only its name and method are known; on a parameter or
property: no page showed it (<code>x-inferred: true</code>).</li>
</ul>
<p>Each operation also lists its <code>provenance</code>, and each inferred field
<code>inferred: true</code>. <code>npm run conformance</code> checks these guesses against a real host.</p>
</body></html>
`;
}
