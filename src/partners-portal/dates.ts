/**
 * The Partners Portal's dates. Its API Commons guide: every date and time is ISO 8601 in UTC, and
 * a date sent in a request takes the same form, a birth date being `"1990-05-15T00:00:00Z"`. A
 * calendar date such as `"1990-05-15"` compiles where the generated types say `string`, but is
 * not that form; `portalDate` writes and reads it, refusing dates that do not exist.
 */
import { FormatError } from "../cesce/codecs.js";

/** A calendar date written `YYYY-MM-DD`, e.g. `"1990-05-17"`. */
export type CalendarDate = `${number}-${number}-${number}`;

const calendarPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
// Date, time with optional fraction, and Z, an offset, or nothing (read as UTC, as .NET writes it).
const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const quote = (value: unknown) =>
  typeof value === "string" ? JSON.stringify(value) : String(value);

/** Milliseconds of a UTC calendar date, or a FormatError when the day does not exist. */
function utcDay(year: number, month: number, day: number, text: string): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    throw new FormatError(`Not a calendar date: ${quote(text)}`);
  }
  return date.getTime();
}

function offsetMs(zone: string | undefined, text: string): number {
  if (zone === undefined || zone === "Z") return 0;
  const [hours, minutes] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
  if (hours > 23 || minutes > 59) throw new FormatError(`Not a UTC offset: ${quote(text)}`);
  return (zone[0] === "-" ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/**
 * ISO 8601 UTC date-times as the Partners Portal sends and expects them.
 *
 * @example
 * portalDate.encode("1990-05-17"); // "1990-05-17T00:00:00Z"
 * portalDate.encode(new Date(Date.UTC(2026, 0, 16, 10, 30))); // "2026-01-16T10:30:00Z"
 * portalDate.decode("2026-01-16T10:30:00.123Z"); // a Date
 * portalDate.decodeCalendarDate("1990-05-17T00:00:00Z"); // "1990-05-17"
 * portalDate.encode("2023-02-29"); // throws FormatError: that day does not exist
 */
export const portalDate = {
  /** A `Date`, or a `YYYY-MM-DD` calendar date (read as midnight UTC), in the wire form. */
  encode(value: Date | CalendarDate): string {
    if (typeof value === "string") {
      const match = calendarPattern.exec(value);
      if (!match) throw new FormatError(`Not a YYYY-MM-DD calendar date: ${quote(value)}`);
      utcDay(Number(match[1]), Number(match[2]), Number(match[3]), value);
      return `${value}T00:00:00Z`;
    }
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      throw new FormatError(`Cannot write ${quote(value)} as a date`);
    }
    const year = value.getUTCFullYear();
    if (year < 0 || year > 9999) throw new FormatError(`Year out of range: ${year}`);
    return value.toISOString().replace(".000Z", "Z");
  },

  /** The wire form (or a plain `YYYY-MM-DD`) as a `Date`; a missing zone is read as UTC. */
  decode(text: string): Date {
    const calendar = typeof text === "string" ? calendarPattern.exec(text) : null;
    if (calendar)
      return new Date(utcDay(Number(calendar[1]), Number(calendar[2]), Number(calendar[3]), text));
    const match = typeof text === "string" ? dateTimePattern.exec(text) : null;
    if (!match) throw new FormatError(`Not an ISO 8601 date-time: ${quote(text)}`);
    const [hours, minutes, seconds] = [Number(match[4]), Number(match[5]), Number(match[6])];
    if (hours > 23 || minutes > 59 || seconds > 59) {
      throw new FormatError(`Not a time of day: ${quote(text)}`);
    }
    const day = utcDay(Number(match[1]), Number(match[2]), Number(match[3]), text);
    const ms = Number((match[7] ?? "").padEnd(3, "0").slice(0, 3));
    return new Date(
      day + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms - offsetMs(match[8], text),
    );
  },

  /** The UTC calendar day of a wire date-time, e.g. a birth date, as `YYYY-MM-DD`. */
  decodeCalendarDate(text: string): CalendarDate {
    const date = portalDate.decode(text);
    const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
    return day as CalendarDate;
  },
};
