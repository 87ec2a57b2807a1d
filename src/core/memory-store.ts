/**
 * The default lease store, a value in this process's memory, and the equality every store's
 * compare-and-set uses.
 */
import type { LeaseStore } from "./lease.js";

/**
 * Whether two stored values are equal as JSON data: same primitives, same keys with equal
 * values (a key holding `undefined` counts as absent, as it does once serialised).
 */
export function sameStoredValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysOf = (o: object) =>
    Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);
  const keys = keysOf(a);
  if (keys.length !== keysOf(b).length) return false;
  return keys.every((k) =>
    sameStoredValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** The default store: a value in this process's memory, with atomic compare-and-set. */
export function memoryStore<T>(): LeaseStore<T> {
  let value: T | undefined;
  return {
    get: () => value,
    set: (next) => {
      value = next;
    },
    delete: () => {
      value = undefined;
    },
    compareAndSet: (expected, next) => {
      if (!sameStoredValue(value, expected)) return false;
      value = next;
      return true;
    },
    compareAndDelete: (expected) => {
      if (value === undefined || !sameStoredValue(value, expected)) return false;
      value = undefined;
      return true;
    },
  };
}
