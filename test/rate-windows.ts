/** Checks of a request log against rate windows, shared by the limiter tests. */
import type { RateWindow } from "../src/core/rate-limit.ts";

/** The most entries of `times` (milliseconds) that fall in any half-open span of `perMs`. */
export function maxInAnyWindow(times: readonly number[], perMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= perMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/**
 * The shortest first-to-last span in which `count` instantaneous requests fit `windows`: request
 * k goes at the earliest time no window would hold more than its limit. What the limits imply.
 */
export function idealSpanMs(count: number, windows: readonly RateWindow[]): number {
  const at: number[] = [];
  for (let k = 0; k < count; k++) {
    let t = at[k - 1] ?? 0;
    for (const { requests, perMs } of windows) {
      const earlier = at[k - requests];
      if (earlier !== undefined) t = Math.max(t, earlier + perMs);
    }
    at.push(t);
  }
  return (at.at(-1) ?? 0) - (at[0] ?? 0);
}
