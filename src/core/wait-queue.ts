/**
 * Callers waiting for a rate-limit slot, first come first served. A caller whose signal aborts
 * leaves at once, rejected with the signal's reason, and its place goes to the next.
 */

/** Gives a waiting caller its slot's `release`. */
export type Serve = (release: () => void) => void;

export interface WaitQueue {
  readonly length: number;
  /** Joins the queue; resolves with the `release` the caller is served with. */
  join(signal?: AbortSignal): Promise<() => void>;
  /** Takes the first caller still waiting out of the queue, to serve it. */
  shift(): Serve | undefined;
}

/** A queue that calls `changed` whenever a caller joins or gives up, so its owner can serve. */
export function createWaitQueue(changed: (why: "joined" | "left") => void): WaitQueue {
  const waiting: { serve: Serve; leave(): void }[] = [];
  return {
    get length() {
      return waiting.length;
    },
    join(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise((serve, reject) => {
        const onAbort = () => {
          const index = waiting.indexOf(waiter);
          if (index >= 0) waiting.splice(index, 1);
          reject(signal?.reason);
          changed("left");
        };
        const waiter = { serve, leave: () => signal?.removeEventListener("abort", onAbort) };
        signal?.addEventListener("abort", onAbort, { once: true });
        waiting.push(waiter);
        changed("joined");
      });
    },
    shift() {
      const waiter = waiting.shift();
      waiter?.leave();
      return waiter?.serve;
    },
  };
}
