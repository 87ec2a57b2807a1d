/** The typing errors check digits are meant to catch, enumerated over one value. */

const isDigit = (char: string) => char >= "0" && char <= "9";
const isLetter = (char: string) => char >= "A" && char <= "Z";

export interface Edit {
  /** The edited value. */
  value: string;
  /** Index of the (first) character changed. */
  at: number;
  /** The character(s) before and after, e.g. "3" → "8" or "34" → "43". */
  from: string;
  to: string;
}

/** Every replacement of one digit by another digit, at the digit positions from `start` on. */
export function singleDigitChanges(value: string, start = 0): Edit[] {
  const edits: Edit[] = [];
  for (let at = start; at < value.length; at++) {
    const from = value[at] as string;
    if (!isDigit(from)) continue;
    for (let d = 0; d <= 9; d++) {
      const to = String(d);
      if (to !== from)
        edits.push({ value: value.slice(0, at) + to + value.slice(at + 1), at, from, to });
    }
  }
  return edits;
}

/** Every replacement of one capital letter by another, at the letter positions from `start` on. */
export function singleLetterChanges(value: string, start = 0): Edit[] {
  const edits: Edit[] = [];
  for (let at = start; at < value.length; at++) {
    const from = value[at] as string;
    if (!isLetter(from)) continue;
    for (let c = 65; c <= 90; c++) {
      const to = String.fromCharCode(c);
      if (to !== from)
        edits.push({ value: value.slice(0, at) + to + value.slice(at + 1), at, from, to });
    }
  }
  return edits;
}

/** Every swap of two adjacent, different characters that `both` accepts, from `start` on. */
export function adjacentTranspositions(
  value: string,
  both: (a: string, b: string) => boolean,
  start = 0,
): Edit[] {
  const edits: Edit[] = [];
  for (let at = start; at + 1 < value.length; at++) {
    const a = value[at] as string;
    const b = value[at + 1] as string;
    if (a === b || !both(a, b)) continue;
    edits.push({
      value: value.slice(0, at) + b + a + value.slice(at + 2),
      at,
      from: a + b,
      to: b + a,
    });
  }
  return edits;
}

export const twoDigits = (a: string, b: string) => isDigit(a) && isDigit(b);
export const twoLetters = (a: string, b: string) => isLetter(a) && isLetter(b);
export const digitAndLetter = (a: string, b: string) =>
  (isDigit(a) && isLetter(b)) || (isLetter(a) && isDigit(b));
