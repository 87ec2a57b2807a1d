/**
 * Lets one copy of a delivery through to the handler and makes every other copy wait for its
 * outcome. Copies arriving in this process share the first copy's promise; copies arriving in
 * another process (a shared store) see `"in-progress"` and poll the store until it settles.
 */
import type { DedupeStore } from "./dedupe-store.js";

/** How the processing of a delivery ended. */
export type DeliveryOutcome = "processed" | "failed";

/** The first copy of a delivery: it runs the handler, then reports how it went. */
export interface OwnerTicket {
  owner: true;
  /** Records the outcome in the store (errors go to `onStoreError`), then releases the waiters. */
  finish(succeeded: boolean): Promise<void>;
}

/**
 * What a further copy learns once the first copy's claim is settled: the delivery was already
 * `processed`, is `in-progress` (here or elsewhere), or was `refused` because the store failed.
 */
export type Admission = "processed" | "in-progress" | "refused";

/** A further copy: `admission` once the first copy's claim is settled, `outcome` once it ran. */
export interface DuplicateTicket {
  owner: false;
  admission: Promise<Admission>;
  outcome: Promise<DeliveryOutcome>;
}

export interface DeliveryGate {
  /** Claims `key`; rejects when the store fails (nothing was claimed). */
  admit(key: string): Promise<OwnerTicket | DuplicateTicket>;
}

export interface DeliveryGateOptions {
  onStoreError(error: unknown, key: string): void;
  /** First poll interval while another process holds the claim; doubles up to 1 s. */
  pollMs?: number;
}

const unguarded: OwnerTicket = { owner: true, finish: async () => {} };

/** A gate over `store`; without a store every copy is an owner (no de-duplication). */
export function createDeliveryGate(
  store: DedupeStore | undefined,
  options: DeliveryGateOptions,
): DeliveryGate {
  const pending = new Map<string, DuplicateTicket>();

  async function waitElsewhere(shared: DedupeStore, key: string): Promise<DeliveryOutcome> {
    for (let delay = options.pollMs ?? 50; ; delay = Math.min(delay * 2, 1000)) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      // A key that is no longer in progress and not processed was released: that attempt failed.
      const state = await shared.peek(key).catch(() => "unknown" as const);
      if (state !== "in-progress") return state === "processed" ? "processed" : "failed";
    }
  }

  async function admit(key: string): Promise<OwnerTicket | DuplicateTicket> {
    if (!store) return unguarded;
    const existing = pending.get(key);
    if (existing) return existing;
    // Registered before the first await, so a copy arriving meanwhile joins this one.
    const admission = deferred<Admission>();
    const outcome = deferred<DeliveryOutcome>();
    const duplicate: DuplicateTicket = {
      owner: false,
      admission: admission.promise,
      outcome: outcome.promise,
    };
    pending.set(key, duplicate);
    const settle = (result: DeliveryOutcome) => {
      pending.delete(key);
      outcome.resolve(result);
    };
    let claim: Awaited<ReturnType<DedupeStore["claim"]>>;
    try {
      claim = await store.claim(key);
    } catch (error) {
      admission.resolve("refused");
      settle("failed");
      throw error;
    }
    admission.resolve(claim === "processed" ? "processed" : "in-progress");
    if (claim === "processed") settle("processed");
    if (claim === "in-progress") void waitElsewhere(store, key).then(settle);
    if (claim !== "claimed") return duplicate;
    return {
      owner: true,
      async finish(succeeded) {
        try {
          await (succeeded ? store.markProcessed(key) : store.release(key));
        } catch (error) {
          options.onStoreError(error, key);
        } finally {
          settle(succeeded ? "processed" : "failed");
        }
      },
    };
  }

  return { admit };
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
