/**
 * Error detection of the NIF's mod-11 check digit, stated exactly. With weights 9…2 on the first
 * eight digits, s = weighted sum: the check digit is 11 − (s mod 11), and both s ≡ 0 and s ≡ 1
 * give 0. Any one-digit change or adjacent swap moves s (weights are 2…9, prime modulus, and a
 * swap moves s by the difference of the two digits), so a pure mod-11 check would catch them
 * all. The one blind spot is the shared 0: an error that moves s between 0 and 1 (mod 11)
 * while the check digit is 0 is missed. Worked out per kind of error:
 * - a single-digit change among the first eight: missed exactly when the check digit is 0 and
 *   the new s is 0 or 1 (mod 11); a change of the check digit itself: always caught;
 * - a swap of digits a, b at positions i, i+1 < 8: s moves by b − a, so it is missed exactly when
 *   s ≡ 0 and b − a = 1, or s ≡ 1 and b − a = −1;
 * - a swap of the eighth digit with the check digit (…ac → …ca): s moves by 2(c − a), missed
 *   exactly when the last two are "10" with s ≡ 1, or "01" with s ≡ 10.
 * A change that makes the first digit 0 is refused by the layout, whatever the check says.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validatePortugueseNif } from "../../src/identifiers/portuguese-nif.ts";
import { adjacentTranspositions, singleDigitChanges, twoDigits } from "./edits.ts";

/** The weighted sum of the first eight digits, written independently of the implementation. */
const weightedSum = (nif: string) =>
  [...nif.slice(0, 8)].reduce((sum, digit, i) => sum + Number(digit) * (9 - i), 0);
/** python-stdnum's formula for the same rule: (11 − s) mod 11 mod 10. */
const checkDigitOf = (firstEight: string) =>
  String(((((11 - weightedSum(firstEight)) % 11) + 11) % 11) % 10);

const validNifs = fc
  .stringMatching(/^[1-9]\d{7}$/)
  .map((firstEight) => firstEight + checkDigitOf(firstEight));

describe("validatePortugueseNif", () => {
  it("accepts the rule's worked example and real published NIPCs", () => {
    // 123456789: the worked example of the rule (sum 156, remainder 2, check 9).
    // 513412417 Banco CTT, S.A.; 500077568 CTT – Correios de Portugal; 600084779 Autoridade Tributária.
    for (const nif of ["123456789", "513412417", "500077568", "600084779"]) {
      expect(validatePortugueseNif(nif)).toEqual({ valid: true });
    }
  });

  it("accepts every generated valid NIF", () => {
    fc.assert(fc.property(validNifs, (nif) => validatePortugueseNif(nif).valid));
  });

  it("catches every single-digit change of a NIF whose check digit is not 0", () => {
    fc.assert(
      fc.property(
        validNifs.filter((nif) => nif[8] !== "0"),
        (nif) => singleDigitChanges(nif).every((e) => !validatePortugueseNif(e.value).valid),
      ),
    );
  });

  it("misses a single-digit change of a check-0 NIF exactly when it moves s between 0 and 1 (mod 11)", () => {
    fc.assert(
      fc.property(
        validNifs.filter((nif) => nif[8] === "0"),
        (nif) => {
          for (const edit of singleDigitChanges(nif)) {
            // (A change that makes the first digit 0 is refused by the layout, not the check.)
            const missed =
              edit.at < 8 && weightedSum(edit.value) % 11 <= 1 && edit.value[0] !== "0";
            expect(validatePortugueseNif(edit.value).valid).toBe(missed);
          }
        },
      ),
    );
    // A witness: 100000010 (s = 11, r = 0) → 100000070 (s = 23, r = 1): both have check digit 0.
    expect(validatePortugueseNif("100000010").valid).toBe(true);
    expect(validatePortugueseNif("100000070").valid).toBe(true);
  });

  it("catches every adjacent transposition except the ones the shared check digit 0 hides", () => {
    /** Whether swapping positions `at`, `at + 1` of a valid NIF leaves it valid (see above). */
    const missed = (nif: string, at: number) => {
      const a = Number(nif[at]);
      const b = Number(nif[at + 1]);
      const r = weightedSum(nif) % 11;
      if (at === 0 && b === 0) return false; // refused by the layout
      if (at < 7) return (r === 0 && b - a === 1) || (r === 1 && b - a === -1);
      return (r === 1 && nif.endsWith("10")) || (r === 10 && nif.endsWith("01"));
    };
    let missedSeen = 0;
    fc.assert(
      fc.property(validNifs, (nif) => {
        for (const edit of adjacentTranspositions(nif, twoDigits)) {
          expect(validatePortugueseNif(edit.value).valid).toBe(missed(nif, edit.at));
          if (missed(nif, edit.at)) missedSeen++;
        }
      }),
      { numRuns: 1000 },
    );
    expect(missedSeen).toBeGreaterThan(0); // the generator reached the blind spot
    // Witnesses: 100000010 (s = 11, r = 0) → 100000100 (s = 12, r = 1), both with check 0,
    // is missed; 100000010 → 100000001 (s = 11 → 13, r = 2) is caught; the end swap
    // 100000410 (s = 23, r = 1, check 0) ↔ 100000401 (s = 21, r = 10, check 1) is missed.
    expect(validatePortugueseNif("100000100").valid).toBe(true);
    expect(validatePortugueseNif("100000001").valid).toBe(false);
    expect(validatePortugueseNif("100000410").valid).toBe(true);
    expect(validatePortugueseNif("100000401").valid).toBe(true);
  });

  it("says what is wrong without quoting the number", () => {
    expect(validatePortugueseNif("123456780")).toMatchObject({ valid: false, problem: "checksum" });
    expect(validatePortugueseNif("12345678")).toMatchObject({ valid: false, problem: "length" });
    expect(validatePortugueseNif("123 456 789")).toMatchObject({ valid: false, problem: "format" });
    expect(validatePortugueseNif("PT123456789")).toMatchObject({ valid: false, problem: "format" });
    expect(validatePortugueseNif("023456789")).toMatchObject({ valid: false, problem: "format" });
    expect(validatePortugueseNif("")).toMatchObject({ valid: false, problem: "empty" });
    expect(validatePortugueseNif(123456789)).toMatchObject({ valid: false, problem: "type" });
    const refused = validatePortugueseNif("123456780");
    expect(refused.valid || refused.message.includes("123456780")).toBe(false);
  });
});
