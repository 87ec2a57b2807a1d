/**
 * A credential that is acquired lazily, shared, and renewed before it lapses: the Partners
 * Portal session and the CESCE access token are both leases. Concurrent callers that find no
 * fresh value share one acquisition, so a cold client makes one authentication, not fifty.
 *
 * The store is someone else's code (often a shared cache), so nothing it answers is trusted:
 * `null` means nothing stored, a value of the wrong shape is discarded, a failure becomes a
 * `StoreError`, and a caller's signal frees the caller from a store that hangs.
 */
import { singleFlight, untilAborted } from "./abortable.js";
import { StoreError } from "./errors.js";
import { sameStoredValue } from "./memory-store.js";

/** Where a lease's value is kept. Share one store between processes to share the credential. */
export interface LeaseStore<T> {
  /** The stored value; `undefined` or `null` (what Redis and JSON say) when there is none. */
  get(): T | undefined | null | Promise<T | undefined | null>;
  set(value: T): void | Promise<void>;
  delete(): void | Promise<void>;
  /**
   * Atomic: stores `next` only if the stored value still equals `expected` (structural, JSON
   * equality; `undefined` = nothing stored). Resolves true when it was stored. Without it, the
   * SDK serialises its read-compare-write steps within the process only.
   */
  compareAndSet?(expected: T | undefined, next: T): boolean | Promise<boolean>;
  /** Atomic: deletes the stored value only if it still equals `expected`. */
  compareAndDelete?(expected: T): boolean | Promise<boolean>;
  /**
   * Cross-process single flight (a shared store implements it; the memory store need not).
   * Returns a fresh value: the stored one if `isFresh` says so; otherwise, under a short
   * exclusive lock shared by every process using the store, re-reads, calls `renew(stale)`,
   * stores and returns its result; when another process holds the lock, waits (bounded by the
   * store's own timeout, abortable by `signal`) for the value that process writes.
   */
  renewExclusively?(options: {
    isFresh(value: T): boolean;
    renew(stale: T | undefined): Promise<T>;
    signal?: AbortSignal;
  }): Promise<T>;
}

/**
 * How long before a value's expiry to renew it: a tenth of its lifetime, at most `maxMs`. A
 * short-lived value is then renewed once per most of its lifetime, never on every call.
 */
export function renewalMargin(lifetimeMs: number, maxMs: number): number {
  return Math.max(0, Math.min(lifetimeMs / 10, maxMs));
}

/** What `createLease` needs: the store, the value's shape and freshness, and how to acquire one. */
export interface LeaseOptions<T> {
  store: LeaseStore<T>;
  /** What the store is called in a `StoreError`, e.g. "session store". */
  storeName: string;
  /** Whether a stored value has the shape this lease writes; any other is discarded. */
  isValid(value: unknown): value is T;
  /** Whether a stored value can still be used now (its expiry less a safety margin). */
  isFresh(value: T): boolean;
  /**
   * Obtains a new value; `stale` is the lapsed one, if any (it may hold a refresh token).
   * `signal` aborts once every caller waiting for this acquisition has given up.
   */
  acquire(stale: T | undefined, signal: AbortSignal): Promise<T>;
}

/** A lease: the value when fresh, renewed when not, with safe replace and invalidate. */
export interface Lease<T> {
  /** A fresh value, acquiring one when needed; rejects with `signal.reason` once it aborts. */
  get(signal?: AbortSignal): Promise<T>;
  /**
   * The stored value at once, when the store answers synchronously (the memory store does), the
   * value is valid and fresh, and no renewal is under way; otherwise undefined (then `get`).
   */
  peek(): T | undefined;
  /** Stores `next` in place of `expected` if that is still the stored value. */
  replace(expected: T, next: T, signal?: AbortSignal): Promise<boolean>;
  /** Drops the stored value if `isRefused` says it is the one the API refused, and only it. */
  invalidate(isRefused: (value: T) => boolean): Promise<void>;
}

/**
 * A lease over `options.store`. Concurrent callers share one acquisition (through the store's
 * `renewExclusively` when it has one); writes that must not race use the store's atomic
 * operations, or run in turn within this process when it has none.
 */
export function createLease<T>(options: LeaseOptions<T>): Lease<T> {
  const { store, storeName, isValid } = options;
  const flight = singleFlight<T>();
  // Without atomic store operations, every read-compare-write of this process runs in turn.
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <V>(step: () => Promise<V>): Promise<V> => {
    const run = queue.then(step);
    queue = run.catch(() => undefined);
    return run;
  };

  async function call<V>(operation: string, step: () => V | Promise<V>): Promise<V> {
    try {
      return await step();
    } catch (failure) {
      throw new StoreError(storeName, operation, failure);
    }
  }

  // Whether the store's last answer came at once: only then may `peek` ask it (a shared store
  // answers with a promise, and `peek` must not send it a request it would then ignore).
  let answersAtOnce = false;
  async function read(): Promise<T | undefined> {
    const value = await call("get", () => {
      const answer = store.get();
      answersAtOnce = !(answer instanceof Promise);
      return answer;
    });
    return value != null && isValid(value) ? value : undefined;
  }

  /** The store's cross-process renewal; only the store's own failures become a StoreError. */
  async function renewShared(signal: AbortSignal): Promise<T> {
    const renewExclusively = store.renewExclusively?.bind(store);
    if (!renewExclusively) throw new StoreError(storeName, "renewExclusively", undefined);
    let acquireFailure: { error: unknown } | undefined;
    const renew = (stale: T | undefined) =>
      options
        .acquire(stale != null && isValid(stale) ? stale : undefined, signal)
        .catch((error) => {
          acquireFailure = { error };
          throw error;
        });
    const isFresh = (value: T) => value != null && isValid(value) && options.isFresh(value);
    let value: T;
    try {
      value = await renewExclusively({ isFresh, renew, signal });
    } catch (error) {
      if ((acquireFailure && error === acquireFailure.error) || signal.aborted) throw error;
      throw new StoreError(storeName, "renewExclusively", error);
    }
    if (!isValid(value)) throw new StoreError(storeName, "renewExclusively", undefined);
    return value;
  }

  async function renew(stale: T | undefined, signal: AbortSignal): Promise<T> {
    if (store.renewExclusively) return renewShared(signal);
    const value = await options.acquire(stale, signal);
    if (store.compareAndSet) await call("set", () => store.set(value));
    else await inTurn(() => call("set", () => store.set(value)));
    return value;
  }

  return {
    async get(signal) {
      signal?.throwIfAborted();
      if (flight.active) return flight.join(signal, (own) => renew(undefined, own));
      const stored = await untilAborted(read(), signal);
      if (stored !== undefined && options.isFresh(stored)) return stored;
      return flight.join(signal, (own) => renew(stored, own));
    },
    peek() {
      if (!answersAtOnce || flight.active) return undefined;
      try {
        const value = store.get();
        if (value instanceof Promise || value == null || !isValid(value)) return undefined;
        return options.isFresh(value) ? value : undefined;
      } catch {
        return undefined; // `get` reports the store's failure
      }
    },
    replace(expected, next, signal) {
      const compareAndSet = store.compareAndSet?.bind(store);
      const replaced = compareAndSet
        ? call("compareAndSet", () => compareAndSet(expected, next))
        : inTurn(async () => {
            if (!sameStoredValue(await read(), expected)) return false;
            await call("set", () => store.set(next));
            return true;
          });
      return untilAborted(replaced, signal);
    },
    async invalidate(isRefused) {
      const compareAndDelete = store.compareAndDelete?.bind(store);
      if (compareAndDelete) {
        const stored = await read();
        if (stored !== undefined && isRefused(stored))
          await call("compareAndDelete", () => compareAndDelete(stored));
        return;
      }
      await inTurn(async () => {
        const stored = await read();
        if (stored !== undefined && isRefused(stored)) await call("delete", () => store.delete());
      });
    },
  };
}
