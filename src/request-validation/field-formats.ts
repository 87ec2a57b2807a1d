/**
 * The rule of each format the spec can put on a request field, and the walk that finds a field's
 * values in a request (`body.borrowers[].taxId` has one value per borrower).
 */
import type { IdentifierCheck } from "../identifiers/check.js";
import { validateIban } from "../identifiers/iban.js";
import { validatePortugueseNif } from "../identifiers/portuguese-nif.js";
import { validatePortuguesePostalCode } from "../identifiers/portuguese-postal-code.js";
import { validateSpanishTaxId } from "../identifiers/spanish-tax-id.js";
import type { RequestFieldIssue } from "./request-validation-error.js";

type Container = Record<string, unknown>;
/** Checks a value; `container` is the object holding it, for rules that read a sibling. */
type FormatRule = (value: unknown, container: Container) => IdentifierCheck | undefined;

const formatRules: Record<string, FormatRule> = {
  "pt-nif": validatePortugueseNif,
  "pt-postal-code": validatePortuguesePostalCode,
  iban: validateIban,
  // CESCE's taxCode also holds foreign tax ids: only a debtor in Spain needs a Spanish one.
  "es-tax-id": (value, container) =>
    container.countryCode === "ES" ? validateSpanishTaxId(value) : undefined,
};

const isContainer = (value: unknown): value is Container =>
  typeof value === "object" && value !== null;

interface Found {
  at: string;
  value: unknown;
  container: Container;
}

/** The values at a field path (`a.b[].c`) under `node`, with their concrete paths. */
function* valuesAt(node: unknown, segments: string[], at: string): Generator<Found> {
  const [segment, ...rest] = segments;
  if (segment === undefined || !isContainer(node)) return;
  const name = segment.endsWith("[]") ? segment.slice(0, -2) : segment;
  const path = at ? `${at}.${name}` : name;
  const value = node[name];
  if (!segment.endsWith("[]")) {
    if (rest.length === 0) yield { at: path, value, container: node };
    else yield* valuesAt(value, rest, path);
    return;
  }
  if (!Array.isArray(value)) return;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (rest.length === 0) yield { at: `${path}[${i}]`, value: item, container: node };
    else yield* valuesAt(item, rest, `${path}[${i}]`);
  }
}

/**
 * The fields of `request` (`{ path, query, header, body }`) that fail their format. Absent
 * fields pass (required fields are the compiler's and the server's business), and so do
 * formats this SDK has no rule for.
 */
export function findFormatIssues(
  fields: readonly (readonly [string, string])[],
  request: Container,
): RequestFieldIssue[] {
  const issues: RequestFieldIssue[] = [];
  for (const [field, format] of fields) {
    const rule = formatRules[format];
    if (!rule) continue;
    for (const { at, value, container } of valuesAt(request, field.split("."), "")) {
      if (value === undefined || value === null) continue;
      const result = rule(value, container);
      if (result && !result.valid) {
        issues.push({ path: at, format, problem: result.problem, message: result.message });
      }
    }
  }
  return issues;
}
