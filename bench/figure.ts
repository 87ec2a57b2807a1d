/**
 * What each benchmark module returns: one row of the BENCHMARKS.md table and the section that
 * explains it, plus the few statistics the modules share.
 */

export interface Figure {
  /** The table's first column, e.g. "1. Client CPU per request". */
  title: string;
  /** The headline number(s), short, for the table. */
  measured: string;
  /** The goal, short, for the table; "—" when the figure has none. */
  goal: string;
  /** Whether the goal is met; "pending" when what it measures is not in src yet. */
  met: boolean | "pending" | undefined;
  /** Markdown: how it was measured, the detailed numbers, and for a missed goal why and what would close it. */
  details: string;
}

/** Reports progress on stderr-like console lines while a figure runs. */
export type Log = (line: string) => void;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The value at quantile `q` (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

export const fixed = (value: number, digits = 1) => value.toFixed(digits);
export const ratio = (value: number) => `${value.toFixed(2)}×`;
export const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
