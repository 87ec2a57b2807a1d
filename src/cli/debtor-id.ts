/**
 * The debtor identifiers of an input row, checked before any request: CESCE identifies a debtor
 * by `countryCode` with `taxCode`, or `endorsementNo`, or `customerReference` (rule RAD0002).
 * Spanish tax codes (NIF, NIE, CIF) are checked with their control character by the SDK's own
 * `validateSpanishTaxId`, the rule the clients apply before sending.
 */
import { validateSpanishTaxId } from "../identifiers/spanish-tax-id.js";

/** The identifying columns an input CSV may have, in output order. */
export const debtorColumns = [
  "countryCode",
  "taxCode",
  "endorsementNo",
  "customerReference",
] as const;

/** One input row's identifiers ("" when absent). */
export type DebtorIds = Record<(typeof debtorColumns)[number], string>;

/** The reason `ids` cannot identify a debtor, or `undefined` when they can. */
export function debtorIdProblem(ids: DebtorIds): string | undefined {
  const { countryCode, taxCode, endorsementNo, customerReference } = ids;
  if (countryCode || taxCode) {
    if (!countryCode || !taxCode) return "countryCode and taxCode go together";
    if (!/^[A-Z]{2}$/.test(countryCode))
      return `countryCode ${countryCode} is not ISO 3166-1 alpha-2`;
    if (countryCode === "ES" && !validateSpanishTaxId(taxCode).valid)
      return `taxCode ${taxCode} is not a valid Spanish NIF, NIE or CIF`;
    if (!/^[A-Za-z0-9-]{1,20}$/.test(taxCode)) return `taxCode ${taxCode} is malformed`;
    return undefined;
  }
  if (endorsementNo)
    return /^\d{1,20}$/.test(endorsementNo) ? undefined : "endorsementNo is not a number";
  if (customerReference) return undefined;
  return "no identifier: give countryCode and taxCode, or endorsementNo, or customerReference";
}

/** The query that asks CESCE for the debtor `ids` identify (the first way that applies). */
export function debtorQuery(ids: DebtorIds) {
  if (ids.countryCode) return { countryCode: ids.countryCode, taxCode: ids.taxCode };
  if (ids.endorsementNo) return { endorsementNo: ids.endorsementNo };
  return { customerReference: ids.customerReference };
}
