/**
 * Portuguese postal codes: four digits, a hyphen and three digits (CTT, "Manual de
 * Endereçamento": the four-digit code of 1978 gained a three-digit suffix in 1998). The first
 * digit, 1 to 9, is the region (1 Lisbon … 9 Madeira and the Azores), so it is never 0.
 * There is no check digit.
 */
import { type IdentifierCheck, refuse, refuseNonString } from "./check.js";

/**
 * Checks a Portuguese postal code in the form `NNNN-NNN`, e.g. `1999-001` (the locality, the
 * "designação postal", travels in a field of its own).
 *
 * @example
 * validatePortuguesePostalCode("1999-001"); // { valid: true }
 * validatePortuguesePostalCode("1999001"); // { valid: false, problem: "format", … }
 */
export function validatePortuguesePostalCode(value: unknown): IdentifierCheck {
  const what = "A Portuguese postal code";
  const notString = refuseNonString(value, what);
  if (notString) return notString;
  const text = value as string;
  if (!/^\d{4}-\d{3}$/.test(text)) {
    return refuse("format", `${what} is four digits, a hyphen and three digits (NNNN-NNN)`);
  }
  if (text[0] === "0") return refuse("format", `${what} never starts with 0`);
  return { valid: true };
}
