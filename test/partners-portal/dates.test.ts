import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FormatError } from "../../src/cesce/codecs.ts";
import { type CalendarDate, portalDate } from "../../src/partners-portal/dates.ts";

const pad = (n: number, width: number) => String(n).padStart(width, "0");
/** Days in a month, from the platform's calendar rather than the codec's. */
const daysIn = (year: number, month: number) => {
  const date = new Date(Date.UTC(2000, month, 0));
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
};
const calendarDates = fc
  .tuple(
    fc.integer({ min: 1, max: 9999 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
  )
  .filter(([y, m, d]) => d <= daysIn(y, m))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` as CalendarDate);

describe("portalDate", () => {
  it("writes a calendar date as midnight UTC, the API Commons guide's form", () => {
    expect(portalDate.encode("1990-05-15")).toBe("1990-05-15T00:00:00Z");
    expect(portalDate.encode("2024-02-29")).toBe("2024-02-29T00:00:00Z");
  });

  it("writes a Date in UTC, with milliseconds only when it has some", () => {
    expect(portalDate.encode(new Date(Date.UTC(2026, 0, 16, 10, 30)))).toBe("2026-01-16T10:30:00Z");
    expect(portalDate.encode(new Date("2026-01-16T14:45:30.123Z"))).toBe(
      "2026-01-16T14:45:30.123Z",
    );
  });

  it("refuses calendar dates that do not exist", () => {
    for (const text of [
      "2023-02-29",
      "1900-02-29",
      "2024-02-30",
      "2023-04-31",
      "2023-13-01",
      "2023-00-10",
      "2023-01-00",
    ]) {
      expect(() => portalDate.encode(text as CalendarDate)).toThrow(FormatError);
      expect(() => portalDate.decode(`${text}T00:00:00Z`)).toThrow(FormatError);
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const past = `${pad(y, 4)}-${pad(m, 2)}-${pad(daysIn(y, m) + 1, 2)}` as CalendarDate;
        expect(() => portalDate.encode(past)).toThrow(FormatError);
      }),
    );
  });

  it("refuses other layouts and invalid Dates", () => {
    for (const text of ["1990-5-17", "17/05/1990", "1990-05-17T00:00:00Z", ""]) {
      expect(() => portalDate.encode(text as CalendarDate)).toThrow(FormatError);
    }
    expect(() => portalDate.encode(new Date(Number.NaN))).toThrow(FormatError);
    expect(() => portalDate.encode(new Date(Date.UTC(10000, 0, 1)))).toThrow(/Year out of range/);
  });

  it("reads the wire form with Z, an offset, a long fraction or no zone (as UTC)", () => {
    const at = Date.UTC(2026, 0, 16, 10, 30);
    expect(portalDate.decode("2026-01-16T10:30:00Z").getTime()).toBe(at);
    expect(portalDate.decode("2026-01-16T11:30:00+01:00").getTime()).toBe(at);
    expect(portalDate.decode("2026-01-16T08:00:00-02:30").getTime()).toBe(at);
    expect(portalDate.decode("2026-01-16T10:30:00").getTime()).toBe(at);
    expect(portalDate.decode("2026-01-16T10:30:00.1234567Z").getTime()).toBe(at + 123);
    expect(portalDate.decode("2026-01-16").getTime()).toBe(Date.UTC(2026, 0, 16));
  });

  it("refuses times that do not exist", () => {
    for (const text of [
      "2026-01-16T24:00:00Z",
      "2026-01-16T10:60:00Z",
      "2026-01-16T10:30:60Z",
      "2026-01-16T10:30:00+25:00",
      "2026-01-16 10:30:00Z",
    ]) {
      expect(() => portalDate.decode(text)).toThrow(FormatError);
    }
  });

  it("round-trips every calendar date and every Date of years 0–9999", () => {
    fc.assert(
      fc.property(calendarDates, (day) => {
        expect(portalDate.decodeCalendarDate(portalDate.encode(day))).toBe(day);
      }),
    );
    const dates = fc.date({
      min: new Date("0000-01-01T00:00:00Z"),
      max: new Date("9999-12-31T23:59:59.999Z"),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(dates, (date) => {
        expect(portalDate.decode(portalDate.encode(date)).getTime()).toBe(date.getTime());
      }),
    );
  });
});
