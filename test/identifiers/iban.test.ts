/**
 * Error detection of the IBAN's ISO 7064 MOD 97-10 check, stated exactly. A digit counts as one
 * decimal digit and a letter as two (A = 10 … Z = 35), and 97 is prime:
 * - a digit replaced by a digit, or a letter by a letter, changes the number by (difference) ×
 *   a power of ten, never a multiple of 97: always caught, in the country code and check digits
 *   too (another country has another length, or the same length and a different number);
 * - two different adjacent digits swapped change it by 9 × difference × a power of ten, and two
 *   letters by 99 × difference × …: always caught, anywhere;
 * - a digit d next to a letter worth v, swapped, reads 100d + v against 10v + d: a change of
 *   9 × (11d − v) × a power of ten, a multiple of 97 exactly when v = 11d. So "1B", "2M" and "3X"
 *   (B = 11, M = 22, X = 33) and their mirrors are missed, and every other digit–letter swap is
 *   caught; a swap that moves a letter into the check digits or a digit into the country code
 *   is refused by the layout.
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
/** Cypriot IBANs over a few digits and letters, so that 1B, 2M and 3X turn up often. */
const crowded = fc
  .stringMatching(/^\d{8}[0-4BCMX]{16}$/)
  .map((bban) => withCheckDigits("CY", bban));

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

  it("catches every digit-for-digit and letter-for-letter change", () => {
    fc.assert(
      fc.property(ibans, (iban) =>
        [...singleDigitChanges(iban), ...singleLetterChanges(iban)].every(
          (edit) => !validateIban(edit.value).valid,
        ),
      ),
    );
  });

  it("catches every adjacent transposition of two digits or two letters", () => {
    fc.assert(
      fc.property(ibans, (iban) =>
        [
          ...adjacentTranspositions(iban, twoDigits),
          ...adjacentTranspositions(iban, twoLetters),
        ].every((edit) => !validateIban(edit.value).valid),
      ),
    );
  });

  it("misses a digit–letter transposition exactly when it is 1B, 2M or 3X (either way)", () => {
    const blind = new Set(["1B", "B1", "2M", "M2", "3X", "X3"]);
    let missedSeen = 0;
    fc.assert(
      fc.property(fc.oneof(ibans, crowded), (iban) => {
        for (const edit of adjacentTranspositions(iban, digitAndLetter)) {
          const missed = edit.at >= 4 && blind.has(edit.from);
          expect(validateIban(edit.value).valid).toBe(missed);
          if (missed) missedSeen++;
        }
      }),
    );
    expect(missedSeen).toBeGreaterThan(0); // the generator reached the blind spot
    for (const pair of ["1B", "2M", "3X", "1C", "4X"]) {
      const iban = withCheckDigits("CY", `0000000000${pair}000000000000`);
      const swapped = `${iban.slice(0, 14)}${pair[1]}${pair[0]}${iban.slice(16)}`;
      expect([validateIban(iban).valid, validateIban(swapped).valid]).toEqual([
        true,
        blind.has(pair),
      ]);
    }
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
