/**
 * Portuguese tax numbers: the NIF of a person and the NIPC of a company share one layout, nine
 * digits whose last is a check digit (Decreto-Lei n.º 14/2013, art. 2.º: a sequential number;
 * the mod-11 rule below is the one the Autoridade Tributária's own validators apply).
 *
 * Check digit: weights 9, 8, …, 2 on the first eight digits; r = sum mod 11; the check digit is
 * 11 − r, except that r = 0 or 1 (which would give 11 or 10) both give 0.
 * E.g. 123456789: sum 156, r = 2, check 9.
 */
import { type IdentifierCheck, refuse, refuseNonString } from "./check.js";

const weights = [9, 8, 7, 6, 5, 4, 3, 2] as const;

/** The check digit of the first eight digits of a NIF. */
export function portugueseNifCheckDigit(firstEight: string): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(firstEight[i]) * (weights[i] as number);
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

/**
 * Checks a Portuguese NIF or NIPC: nine digits, not starting with 0, and a matching check digit.
 * Spaces, dots and a `PT` prefix are refused: the API takes the nine digits alone.
 *
 * @example
 * validatePortugueseNif("123456789"); // { valid: true }
 * validatePortugueseNif("123456780"); // { valid: false, problem: "checksum", message: "…" }
 */
export function validatePortugueseNif(value: unknown): IdentifierCheck {
  const what = "A Portuguese NIF";
  const notString = refuseNonString(value, what);
  if (notString) return notString;
  const text = value as string;
  if (/^\d+$/.test(text) && text.length !== 9) {
    return refuse("length", `${what} has 9 digits, not ${text.length}`);
  }
  if (!/^\d{9}$/.test(text)) return refuse("format", `${what} is 9 digits, with nothing else`);
  if (text[0] === "0") return refuse("format", `No ${what.slice(2)} starts with 0`);
  if (portugueseNifCheckDigit(text) !== Number(text[8])) {
    return refuse("checksum", `${what}'s last digit does not match the other eight`);
  }
  return { valid: true };
}
