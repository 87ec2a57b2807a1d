/**
 * Postman ids derived from names instead of drawn at random, so regenerating a collection
 * changes nothing, and an item keeps its id (Postman's link to it) while its operation exists.
 */
import { createHash } from "node:crypto";

/** A UUID-shaped id (version 5 layout, RFC 9562 §5.5) from the SHA-256 of `name`. */
export function stableId(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join("-");
}

/**
 * A repeatable stand-in for `Math.random` (mulberry32): the converter fakes values for
 * parameters without an example, and a fixed seed makes those values the same on every run.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
