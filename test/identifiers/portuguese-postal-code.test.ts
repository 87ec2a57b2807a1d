import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validatePortuguesePostalCode } from "../../src/identifiers/portuguese-postal-code.ts";
import { singleDigitChanges } from "./edits.ts";

const postalCodes = fc.stringMatching(/^[1-9]\d{3}-\d{3}$/);

describe("validatePortuguesePostalCode", () => {
  it("accepts the format's example and codes of each region's range", () => {
    // 1999-001: Banco CTT's address in Lisbon; 4xxx Entre-Douro-e-Minho, 9xxx Madeira/Azores.
    for (const code of ["1999-001", "4000-064", "9000-018", "9500-150"]) {
      expect(validatePortuguesePostalCode(code)).toEqual({ valid: true });
    }
  });

  it("accepts every code of the form NNNN-NNN not starting with 0", () => {
    fc.assert(fc.property(postalCodes, (code) => validatePortuguesePostalCode(code).valid));
  });

  it("has no check digit: only a change that makes the first digit 0 is refused", () => {
    fc.assert(
      fc.property(postalCodes, (code) => {
        for (const edit of singleDigitChanges(code)) {
          expect(validatePortuguesePostalCode(edit.value).valid).toBe(edit.value[0] !== "0");
        }
      }),
    );
  });

  it("refuses other layouts", () => {
    for (const code of ["1999001", "1999 001", "199-001", "0999-001", "1999-01", "1999–001"]) {
      expect(validatePortuguesePostalCode(code)).toMatchObject({ valid: false, problem: "format" });
    }
    expect(validatePortuguesePostalCode(1999001)).toMatchObject({ problem: "type" });
  });
});
