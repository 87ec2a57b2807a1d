/**
 * Converters for CESCE's value formats: amounts are strings with a decimal comma ("25000,00")
 * and dates are `yyyyMMdd` strings, with "0" for "no date". Malformed input throws a
 * `FormatError` that quotes it, instead of turning into NaN or an Invalid Date downstream.
 */
import { SdkError } from "../core/errors.js";

/** A value that is not in the format the API uses. */
export class FormatError extends SdkError {
  override name = "FormatError";
}

const amountPattern = /^-?\d+(,\d{1,2})?$/;
/** Beyond this, `toFixed` loses cents (and switches to exponent notation at 1e21). */
const largestAmount = 1e13;

/** Decimal-comma amounts, e.g. `cesceAmount.decode("25000,00") === 25000`. */
export const cesceAmount = {
  decode(text: string): number {
    if (typeof text !== "string" || !amountPattern.test(text)) {
      throw new FormatError(`Not a CESCE amount (digits, optional ",dd"): ${JSON.stringify(text)}`);
    }
    return Number(text.replace(",", "."));
  },
  encode(value: number): string {
    if (!Number.isFinite(value) || Math.abs(value) >= largestAmount) {
      throw new FormatError(`Cannot write ${value} as a CESCE amount`);
    }
    const text = value.toFixed(2).replace(".", ",");
    return text === "-0,00" ? "0,00" : text;
  },
};

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** `yyyyMMdd` dates at UTC midnight, with "0" for none, e.g. `cesceDate.decode("0") === null`. */
export const cesceDate = {
  decode(text: string): Date | null {
    if (text === "0") return null;
    const match = typeof text === "string" ? /^(\d{4})(\d{2})(\d{2})$/.exec(text) : null;
    if (!match)
      throw new FormatError(`Not a CESCE date (yyyyMMdd or "0"): ${JSON.stringify(text)}`);
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (year < 1) throw new FormatError(`Year out of range: ${JSON.stringify(text)}`);
    const date = new Date(Date.UTC(year, month - 1, day));
    date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      throw new FormatError(`Not a calendar date: ${JSON.stringify(text)}`);
    }
    return date;
  },
  encode(date: Date | null): string {
    if (date === null) return "0";
    if (!(date instanceof Date) || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1) {
      throw new FormatError(`Cannot write ${String(date)} as a CESCE date`);
    }
    if (date.getUTCFullYear() > 9999)
      throw new FormatError(`Year out of range: ${date.toISOString()}`);
    return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
  },
};
