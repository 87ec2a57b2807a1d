import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cesceAmount, cesceDate, FormatError } from "../../src/cesce/codecs.ts";

describe("cesceAmount", () => {
  it("reads and writes decimal-comma amounts", () => {
    expect(cesceAmount.decode("25000,00")).toBe(25000);
    expect(cesceAmount.decode("0,5")).toBe(0.5);
    expect(cesceAmount.decode("-12,34")).toBe(-12.34);
    expect(cesceAmount.encode(25000)).toBe("25000,00");
    expect(cesceAmount.encode(-0)).toBe("0,00");
  });

  it("round-trips every amount in cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 14), max: 10 ** 14 }), (cents) => {
        const value = cents / 100;
        const text = cesceAmount.encode(value);
        expect(text).toMatch(/^-?\d+,\d{2}$/);
        expect(cesceAmount.decode(text)).toBe(value);
      }),
    );
  });

  it("rejects text that is not a decimal-comma amount", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!/^-?\d+(,\d{1,2})?$/.test(text));
        expect(() => cesceAmount.decode(text)).toThrow(FormatError);
      }),
    );
    for (const text of ["25.000,00", "25000.00", "1,234", "", ",5", "1e3", " 1"]) {
      expect(() => cesceAmount.decode(text)).toThrow(FormatError);
    }
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 1e13]) {
      expect(() => cesceAmount.encode(value)).toThrow(FormatError);
    }
  });
});

describe("cesceDate", () => {
  it('reads yyyyMMdd as a UTC date and "0" as no date', () => {
    expect(cesceDate.decode("20260115")?.toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(cesceDate.decode("0")).toBeNull();
    expect(cesceDate.encode(null)).toBe("0");
    expect(cesceDate.encode(new Date(Date.UTC(2024, 1, 29)))).toBe("20240229");
  });

  it("round-trips every calendar date from year 1 to 9999", () => {
    const days = fc.integer({
      min: Date.UTC(1, 0, 1) / 86_400_000,
      max: Date.UTC(9999, 11, 31) / 86_400_000,
    });
    fc.assert(
      fc.property(days, (day) => {
        const date = new Date(day * 86_400_000);
        const text = cesceDate.encode(date);
        expect(text).toMatch(/^\d{8}$/);
        expect(cesceDate.decode(text)?.getTime()).toBe(date.getTime());
      }),
    );
  });

  it("rejects malformed and impossible dates", () => {
    for (const text of [
      "20230229",
      "20261301",
      "20260100",
      "2026-01-15",
      "00000101",
      "",
      "00",
      "2026011",
    ]) {
      expect(() => cesceDate.decode(text)).toThrow(FormatError);
    }
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(text !== "0" && !/^\d{8}$/.test(text));
        expect(() => cesceDate.decode(text)).toThrow(FormatError);
      }),
    );
    expect(() => cesceDate.encode(new Date(Number.NaN))).toThrow(FormatError);
  });
});
