/**
 * The TSDoc of each resource method, from its spec: the docs' operation name (summary), the
 * spec's description, where the operation comes from (said plainly when it or its path is
 * inferred), how it is retried, and the docs page. This is what an editor shows on hover.
 */
import type { MethodInfo, ResourceNode } from "./tree.ts";

const provenanceText: Record<string, string> = {
  documented: "Documented: its parameters, body and responses were read on the docs page.",
  partial:
    "Partly documented: the docs page showed some of its parameters, body or responses; the rest is inferred.",
  inferred:
    "Inferred: only its name and method are documented; its parameters, body and responses are reconstructed.",
};

/** Text safe inside a block comment (no `*\/`), without trailing blank lines. */
const clean = (text: string) => text.replaceAll("*/", "*\\/").trimEnd();

/** `lines` as a block comment indented by `indent`. */
export function comment(lines: string[], indent: string): string {
  const body = lines.map((line) => (line === "" ? `${indent} *` : `${indent} * ${line}`));
  return [`${indent}/**`, ...body, `${indent} */`].join("\n");
}

function provenanceLines(info: MethodInfo): string[] {
  const lines: string[] = [];
  const known = info.provenance && provenanceText[info.provenance];
  lines.push(known ?? `Provenance: ${info.provenance ?? "not stated in the spec"}.`);
  if (info.inferredPath)
    lines.push("Its path is inferred: no source showed this URL; it follows the documented style.");
  return lines;
}

function behaviourLines(info: MethodInfo): string[] {
  const lines: string[] = [];
  if (info.pagination)
    lines.push(
      "Paginated: `await` gives the first page as returned; `for await` yields every item of every page (`maxItems`, `concurrency` in the options).",
    );
  lines.push(
    info.idempotent
      ? "Retried after network errors, timeouts, 408, 429 and 5xx (`maxRetries`)."
      : "Sent once and never retried: repeating it could repeat its effect.",
  );
  return lines;
}

function paramLines(info: MethodInfo): string[] {
  const lines = info.pathParams.map(
    (p) => `@param ${p.name} - ${clean(p.description ?? "Path parameter.").replace(/\n/g, " ")}`,
  );
  if (info.kind === "query") lines.push("@param query - The query parameters.");
  if (info.kind === "body")
    lines.push(
      `@param body - ${clean(info.bodyDescription ?? "The request body.").replace(/\n/g, " ")}`,
    );
  if (info.kind === "both") lines.push("@param request - The query parameters and the body.");
  const extra = info.queryInOptions ? ", `query` (its optional query parameters)" : "";
  const paging = info.pagination ? ", `maxItems`, `concurrency`" : "";
  lines.push(
    `@param options - This call's \`signal\`, \`headers\`, \`timeoutMs\`, \`maxRetries\`${paging}${extra}.`,
  );
  return lines;
}

/** The TSDoc of one method. */
export function methodDoc(info: MethodInfo, indent: string): string {
  const lines = [`${clean(info.summary)}: \`${info.method} ${info.path}\`.`];
  if (info.description) lines.push("", ...clean(info.description).split("\n"));
  lines.push("", ...provenanceLines(info), ...behaviourLines(info), "", ...paramLines(info));
  lines.push(
    info.pagination
      ? "@returns The first page when awaited; every item when iterated."
      : "@returns The response data.",
    "@throws An `ApiError` subclass for a non-2xx answer, as `unwrap` does.",
  );
  if (info.docsUrl) lines.push(`@see ${info.docsUrl}`);
  return comment(lines, indent);
}

/** The TSDoc of one resource interface. */
export function resourceDoc(node: ResourceNode, owner: string, indent = ""): string {
  const what = node.description ? clean(node.description).split("\n") : [];
  const path = node.path ? `\`${owner}.${node.path}\`` : `The resources of \`${owner}\``;
  return comment([`${path}${what.length > 0 ? ":" : "."}`, ...what], indent);
}
