/**
 * Error detection of the IBAN's ISO 7064 MOD 97-10 check, stated exactly. A digit counts as one
 * decimal digit and a letter as two (A = 10 … Z = 35), and 97 is prime:
 * - a digit replaced by a digit, or a letter by a letter, changes the number by (difference) ×
 *   a power of ten, never a multiple of 97: always caught;
 * - two different adjacent digits swapped change it by 9 × difference × a power of ten, and two
 *   letters by 99 × difference × …: always caught, across the check digits too;
 * - a digit swapped with a letter is not always caught: "1B" and "B1" both read 111.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateIban } from "../../src/identifiers/iban.ts";
import {
  adjacentTranspositions,
  digitAndLetter,
  singleDigitChanges,
  singleLetterChanges,
  twoDigits,
  twoLetters,
} from "./edits.ts";

const numeric = (text: string) => [...text].map((c) => Number.parseInt(c, 36)).join("");
const mod97 = (text: string) => Number(BigInt(numeric(text)) % 97n);
const withCheckDigits = (country: string, bban: string) =>
  `${country}${String(98 - mod97(`${bban}${country}00`)).padStart(2, "0")}${bban}`;

/** BBAN layouts of a few registry countries: digits only, letters first, letters inside. */
const layouts: Record<string, RegExp> = {
  DE: /^\d{18}$/,
  ES: /^\d{20}$/,
  GB: /^[A-Z]{4}\d{14}$/,
  NL: /^[A-Z]{4}\d{10}$/,
  FR: /^\d{10}[A-Z0-9]{11}\d{2}$/,
  CY: /^\d{8}[A-Z0-9]{16}$/,
};
const foreign = fc
  .constantFrom(...Object.keys(layouts))
  .chain((country) =>
    fc.stringMatching(layouts[country] as RegExp).map((bban) => withCheckDigits(country, bban)),
  );
/** Portuguese: 19 digits and the NIB's own MOD 97-10 check digits. */
const portuguese = fc.stringMatching(/^\d{19}$/).map((nib) => {
  const check = 98 - mod97(`${nib}00`);
  return withCheckDigits("PT", nib + String(check).padStart(2, "0"));
});
const ibans = fc.oneof(foreign, portuguese);

describe("validateIban", () => {
  it("accepts the IBAN Registry's examples", () => {
    for (const iban of [
      "PT50000201231234567890154",
      "ES9121000418450200051332",
      "GB29NWBK60161331926819",
      "DE89370400440532013000",
      "FR1420041010050500013M02606",
      "BE68539007547034",
      "NL91ABNA0417164300",
      "NO9386011117947",
      "BR1800360305000010009795493C1",
    ]) {
      expect(validateIban(iban)).toEqual({ valid: true, country: iban.slice(0, 2) });
    }
  });

  it("accepts every generated valid IBAN", () => {
    fc.assert(fc.property(ibans, (iban) => validateIban(iban).valid));
  });

  it("catches every digit-for-digit and letter-for-letter change after the country", () => {
    fc.assert(
      fc.property(ibans, (iban) =>
        [...singleDigitChanges(iban, 2), ...singleLetterChanges(iban, 4)].every(
          (edit) => !validateIban(edit.value).valid,
        ),
      ),
    );
  });

  it("catches every adjacent transposition of two digits or two letters after the country", () => {
    fc.assert(
      fc.property(ibans, (iban) =>
        [
          ...adjacentTranspositions(iban, twoDigits, 2),
          ...adjacentTranspositions(iban, twoLetters, 4),
        ].every((edit) => !validateIban(edit.value).valid),
      ),
    );
  });

  it("misses some digit–letter transpositions (1B ↔ B1), as MOD 97-10 must", () => {
    const iban = withCheckDigits("CY", "00000000001B000000000000");
    const swapped = adjacentTranspositions(iban, digitAndLetter, 4).find((e) => e.from === "1B");
    expect(validateIban(iban).valid).toBe(true);
    expect(swapped && validateIban(swapped.value).valid).toBe(true);
  });

  it("checks a Portuguese IBAN's NIB check digits too", () => {
    // Valid IBAN check digits over a NIB whose own check digits are wrong.
    const badNib = withCheckDigits("PT", "000201231234567890155");
    expect(validateIban(badNib)).toMatchObject({ valid: false, problem: "checksum" });
    expect(validateIban(badNib)).toHaveProperty("message", expect.stringContaining("NIB"));
  });

  it("says what is wrong", () => {
    expect(validateIban("PT50 0002 0123 1234 5678 9015 4")).toMatchObject({ problem: "format" });
    expect(validateIban("pt50000201231234567890154")).toMatchObject({ problem: "format" });
    expect(validateIban("US12345678901234")).toMatchObject({ problem: "country" });
    expect(validateIban("PT5000020123123456789015")).toMatchObject({ problem: "length" });
    expect(validateIban("PT51000201231234567890154")).toMatchObject({ problem: "checksum" });
    expect(validateIban("")).toMatchObject({ problem: "empty" });
  });
});
