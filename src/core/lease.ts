/**
 * A credential that is acquired lazily, shared, and renewed before it lapses: the Partners
 * Portal session and the CESCE access token are both leases. Concurrent callers that find no
 * fresh value share one acquisition, so a cold client makes one authentication, not fifty.
 */

/** Where a lease's value is kept. Share one store between processes to share the credential. */
export interface LeaseStore<T> {
  get(): T | undefined | Promise<T | undefined>;
  set(value: T): void | Promise<void>;
  delete(): void | Promise<void>;
}

/** The default store: a value in this process's memory. */
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
  };
}

export interface LeaseOptions<T> {
  store: LeaseStore<T>;
  /** Whether a stored value can still be used now (its expiry less a safety margin). */
  isFresh(value: T): boolean;
  /** Obtains a new value; `stale` is the lapsed one, if any (it may hold a refresh token). */
  acquire(stale: T | undefined): Promise<T>;
}

export interface Lease<T> {
  /** A fresh value, acquiring one when needed. */
  get(): Promise<T>;
  /** Drops the stored value if `isRefused` says it is the one the API refused. */
  invalidate(isRefused: (value: T) => boolean): Promise<void>;
}

export function createLease<T>(options: LeaseOptions<T>): Lease<T> {
  const { store } = options;
  let inFlight: Promise<T> | undefined;

  async function renew(): Promise<T> {
    const stale = await store.get();
    const value = await options.acquire(stale);
    await store.set(value);
    return value;
  }

  return {
    async get() {
      if (inFlight) return inFlight;
      const stored = await store.get();
      if (stored !== undefined && options.isFresh(stored)) return stored;
      inFlight ??= renew().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    async invalidate(isRefused) {
      const stored = await store.get();
      if (stored !== undefined && isRefused(stored)) await store.delete();
    },
  };
}
