/**
 * The debtor identifiers of an input row, checked before any request: CESCE identifies a debtor
 * by `countryCode` with `taxCode`, or `endorsementNo`, or `customerReference` (rule RAD0002).
 * Spanish tax codes (NIF, NIE, CIF) are checked with their control character.
 */

/** The identifying columns an input CSV may have, in output order. */
export const debtorColumns = [
  "countryCode",
  "taxCode",
  "endorsementNo",
  "customerReference",
] as const;

/** One input row's identifiers ("" when absent). */
export type DebtorIds = Record<(typeof debtorColumns)[number], string>;

const nifLetters = "TRWAGMYFPDXBNJZSQVHLCKE";

function validNifOrNie(code: string): boolean {
  const digits = code.replace(/^[XYZ]/, (l) => String("XYZ".indexOf(l)));
  return /^\d{8}[A-Z]$/.test(digits) && nifLetters[Number(digits.slice(0, 8)) % 23] === digits[8];
}

function validCif(code: string): boolean {
  if (!/^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/.test(code)) return false;
  let sum = 0;
  for (let i = 1; i <= 7; i++) {
    const digit = Number(code[i]);
    // Positions 1, 3, 5, 7 are doubled and their digits added; 2, 4, 6 are added as they are.
    sum += i % 2 === 1 ? Math.floor((digit * 2) / 10) + ((digit * 2) % 10) : digit;
  }
  const control = (10 - (sum % 10)) % 10;
  const last = code[8];
  return last === String(control) || last === "JABCDEFGHI"[control];
}

/** Whether `code` is a well-formed Spanish NIF, NIE or CIF (control character included). */
export function isSpanishTaxCode(code: string): boolean {
  return validNifOrNie(code) || validCif(code);
}

/** The reason `ids` cannot identify a debtor, or `undefined` when they can. */
export function debtorIdProblem(ids: DebtorIds): string | undefined {
  const { countryCode, taxCode, endorsementNo, customerReference } = ids;
  if (countryCode || taxCode) {
    if (!countryCode || !taxCode) return "countryCode and taxCode go together";
    if (!/^[A-Z]{2}$/.test(countryCode))
      return `countryCode ${countryCode} is not ISO 3166-1 alpha-2`;
    if (countryCode === "ES" && !isSpanishTaxCode(taxCode))
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
