/**
 * Spanish tax identifiers: CESCE's `taxCode` when `countryCode` is "ES". Four layouts:
 *
 * - DNI (Spanish nationals): 8 digits and the letter "TRWAGMYFPDXBNJZSQVHLCKE"[n mod 23]
 *   (Real Decreto 1553/2005, art. 11; the Ministerio del Interior publishes the table with the
 *   example 12345678 → Z).
 * - NIE (foreigners): X, Y or Z, 7 digits and a letter; X, Y, Z stand for 0, 1, 2 in front of
 *   the digits and the DNI letter follows (Orden INT/2058/2008 added Y after X ran out).
 * - NIF K, L, M (Spaniards without a DNI, foreigners without a NIE; Orden EHA/451/2008): the
 *   letter, 7 digits, and the DNI letter of those 7 digits.
 * - NIF of a legal entity, formerly CIF (Orden EHA/451/2008 lists the entity letters
 *   A B C D E F G H J N P Q R S U V W): the letter, 7 digits, and a control that is the Luhn
 *   check digit of the 7 digits, written as that digit or as "JABCDEFGHI"[digit]. Published
 *   sources disagree on which entity letters use which form, so both are accepted, as
 *   python-stdnum does: refusing a real company's number before sending would be worse.
 */
import { type IdentifierCheck, refuse, refuseNonString } from "./check.js";

/** Which of the four layouts a valid Spanish tax id has. */
export type SpanishTaxIdKind = "dni" | "nie" | "nif-klm" | "cif";

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
const cifLetters = "JABCDEFGHI";

/** The DNI control letter of a number (8 digits, or a NIE's with X/Y/Z replaced). */
export function spanishDniLetter(digits: string): string {
  return dniLetters[Number(digits) % 23] as string;
}

/** The Luhn check digit of a CIF's seven digits: odd positions doubled (digits summed). */
export function spanishCifCheckDigit(sevenDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const digit = Number(sevenDigits[i]);
    const doubled = digit * 2;
    sum += i % 2 === 0 ? Math.floor(doubled / 10) + (doubled % 10) : digit;
  }
  return (10 - (sum % 10)) % 10;
}

function kindOf(text: string): SpanishTaxIdKind | undefined {
  if (/^\d{8}[A-Z]$/.test(text)) return "dni";
  if (/^[XYZ]\d{7}[A-Z]$/.test(text)) return "nie";
  if (/^[KLM]\d{7}[A-Z]$/.test(text)) return "nif-klm";
  if (/^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/.test(text)) return "cif";
  return undefined;
}

function controlMatches(kind: SpanishTaxIdKind, text: string): boolean {
  const control = text[8];
  const digits = text.slice(1, 8);
  switch (kind) {
    case "dni":
      return spanishDniLetter(text.slice(0, 8)) === control;
    case "nie":
      return spanishDniLetter(`${"XYZ".indexOf(text[0] as string)}${digits}`) === control;
    case "nif-klm":
      return spanishDniLetter(digits) === control;
    case "cif": {
      const check = spanishCifCheckDigit(digits);
      return control === String(check) || control === cifLetters[check];
    }
  }
}

/**
 * Checks a Spanish NIF (DNI, NIE, NIF K/L/M or a legal entity's NIF, the former CIF): nine
 * characters in capitals, no spaces or hyphens, and a matching control character. A valid
 * result says which kind it is.
 *
 * @example
 * validateSpanishTaxId("12345678Z"); // { valid: true, kind: "dni" }
 * validateSpanishTaxId("B12345674"); // { valid: true, kind: "cif" }
 */
export function validateSpanishTaxId(value: unknown): IdentifierCheck<{ kind: SpanishTaxIdKind }> {
  const what = "A Spanish tax id";
  const notString = refuseNonString(value, what);
  if (notString) return notString;
  const text = value as string;
  if (/^[0-9A-Z]+$/.test(text) && text.length !== 9) {
    return refuse("length", `${what} has 9 characters, not ${text.length}`);
  }
  const kind = kindOf(text);
  if (!kind) {
    return refuse(
      "format",
      `${what} is 8 digits and a letter (DNI), X/Y/Z + 7 digits + a letter (NIE), K/L/M + 7 digits + a letter, or an entity letter + 7 digits + a digit or letter (CIF), in capitals without spaces`,
    );
  }
  if (!controlMatches(kind, text)) {
    return refuse("checksum", `${what}'s control character does not match its digits`);
  }
  return { valid: true, kind };
}
