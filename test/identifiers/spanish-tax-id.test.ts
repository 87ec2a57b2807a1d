/**
 * Error detection of Spanish tax ids, stated exactly:
 * - DNI, NIE, NIF K/L/M (mod-23 letter): 23 is prime and divides neither a digit difference
 *   times a power of ten nor 9 times one, so every single-digit change and every adjacent swap
 *   of two different digits changes the letter; any other control letter is refused.
 * - The leading character of those ids stands for a digit of the number the letter is computed
 *   from (X = 0, Y = 1, Z = 2; K, L and M add nothing, like a leading 0): changing it is missed
 *   exactly when it stands for the same value (0 ↔ X ↔ K ↔ L ↔ M, 1 ↔ Y, 2 ↔ Z).
 * - CIF (Luhn digit, or its letter): every single-digit change is caught; adjacent swaps of
 *   two different digits are all caught except 0 and 9 (09 ↔ 90), Luhn's known blind spot; the
 *   control may be the digit or its letter, any other control character is refused. The entity
 *   letter is not under the check: changing it to another entity letter is always missed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateSpanishTaxId } from "../../src/identifiers/spanish-tax-id.ts";
import {
  adjacentTranspositions,
  singleDigitChanges,
  singleLetterChanges,
  twoDigits,
} from "./edits.ts";

const letterOf = (n: number) => "TRWAGMYFPDXBNJZSQVHLCKE".charAt(n % 23);
/** Luhn, as usually written: from the right, double every other digit starting with the last. */
const luhnCheckDigit = (payload: string) => {
  const sum = [...payload].reverse().reduce((total, char, i) => {
    const d = i % 2 === 0 ? Number(char) * 2 : Number(char);
    return total + (d > 9 ? d - 9 : d);
  }, 0);
  return (10 - (sum % 10)) % 10;
};

const dnis = fc.stringMatching(/^\d{8}$/).map((digits) => digits + letterOf(Number(digits)));
const nies = fc
  .stringMatching(/^[XYZ]\d{7}$/)
  .map((s) => s + letterOf(Number("XYZ".indexOf(s[0] as string) + s.slice(1))));
const klms = fc.stringMatching(/^[KLM]\d{7}$/).map((s) => s + letterOf(Number(s.slice(1))));
const cifs = fc
  .tuple(fc.stringMatching(/^[ABCDEFGHJNPQRSUVW]\d{7}$/), fc.boolean())
  .map(([s, asLetter]) => {
    const check = luhnCheckDigit(s.slice(1));
    return s + (asLetter ? "JABCDEFGHI".charAt(check) : String(check));
  });
const mod23Ids = fc.oneof(dnis, nies, klms);

describe("validateSpanishTaxId", () => {
  it("accepts published examples of each kind", () => {
    const examples = {
      "12345678Z": "dni", // the Ministerio del Interior's worked example
      X2482300W: "nie",
      Q2826000H: "cif", // Agencia Estatal de Administración Tributaria
      P2807900B: "cif", // Ayuntamiento de Madrid
      A13585625: "cif",
      B12345674: "cif", // the spec's example debtor
    } as const;
    for (const [id, kind] of Object.entries(examples)) {
      expect(validateSpanishTaxId(id)).toEqual({ valid: true, kind });
    }
  });

  it("accepts every generated DNI, NIE, NIF K/L/M and CIF", () => {
    fc.assert(fc.property(fc.oneof(mod23Ids, cifs), (id) => validateSpanishTaxId(id).valid));
  });

  it("catches every single-digit change and every other control letter of a mod-23 id", () => {
    fc.assert(
      fc.property(mod23Ids, (id) =>
        [...singleDigitChanges(id), ...singleLetterChanges(id, 8)].every(
          (edit) => !validateSpanishTaxId(edit.value).valid,
        ),
      ),
    );
  });

  it("catches every adjacent transposition of two different digits of a mod-23 id", () => {
    fc.assert(
      fc.property(mod23Ids, (id) =>
        adjacentTranspositions(id, twoDigits).every((e) => !validateSpanishTaxId(e.value).valid),
      ),
    );
  });

  it("catches every single-digit change and every other control character of a CIF", () => {
    fc.assert(
      fc.property(cifs, (id) =>
        [...singleDigitChanges(id), ...singleLetterChanges(id, 8)].every(
          (edit) => !validateSpanishTaxId(edit.value).valid,
        ),
      ),
    );
  });

  it("catches every adjacent transposition of a CIF's digits except 09 ↔ 90", () => {
    fc.assert(
      fc.property(cifs, (id) => {
        for (const edit of adjacentTranspositions(id, twoDigits)) {
          const zeroAndNine = edit.from === "09" || edit.from === "90";
          expect(validateSpanishTaxId(edit.value).valid).toBe(zeroAndNine);
        }
      }),
    );
  });

  it("misses a change of a mod-23 id's leading character exactly when it stands for the same value", () => {
    const standsFor: Record<string, number> = { X: 0, K: 0, L: 0, M: 0, Y: 1, Z: 2 };
    const leading = [..."0123456789XYZKLM"];
    fc.assert(
      fc.property(mod23Ids, (id) => {
        const from = id[0] as string;
        for (const to of leading.filter((c) => c !== from)) {
          const edited = to + id.slice(1);
          const same = (standsFor[from] ?? Number(from)) === (standsFor[to] ?? Number(to));
          expect(validateSpanishTaxId(edited).valid).toBe(same);
        }
      }),
    );
  });

  it("takes a CIF's control as the digit or its letter, and nothing else", () => {
    fc.assert(
      fc.property(cifs, (id) => {
        const check = luhnCheckDigit(id.slice(1, 8));
        const forms = [String(check), "JABCDEFGHI".charAt(check)];
        for (const control of [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"]) {
          const edited = id.slice(0, 8) + control;
          expect(validateSpanishTaxId(edited).valid).toBe(forms.includes(control));
        }
      }),
    );
  });

  it("misses every change of a CIF's entity letter to another: the letter is not checked", () => {
    fc.assert(
      fc.property(cifs, (id) =>
        [..."ABCDEFGHJNPQRSUVW"].every(
          (letter) => validateSpanishTaxId(letter + id.slice(1)).valid,
        ),
      ),
    );
  });

  it("says what is wrong", () => {
    expect(validateSpanishTaxId("12345678A")).toMatchObject({ problem: "checksum" });
    expect(validateSpanishTaxId("12345678-Z")).toMatchObject({ problem: "format" });
    expect(validateSpanishTaxId("12345678z")).toMatchObject({ problem: "format" });
    expect(validateSpanishTaxId("1234567Z")).toMatchObject({ problem: "length" });
    expect(validateSpanishTaxId("I1234567A")).toMatchObject({ problem: "format" });
    expect(validateSpanishTaxId(null)).toMatchObject({ problem: "type" });
  });
});
