/**
 * Waiting that a caller's signal can end at once, whatever it waits for: a store that hangs, or
 * an acquisition shared with other callers (which goes on for them).
 */

const ignore = () => undefined;

/** `promise`, or a rejection with `signal.reason` as soon as `signal` aborts. */
export function untilAborted<V>(promise: Promise<V>, signal?: AbortSignal): Promise<V> {
  if (signal === undefined) return promise;
  return new Promise<V>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** One run of a task at a time, shared by every caller that asks while it runs. */
export interface SingleFlight<T> {
  /** Whether a run is under way: `join` would share it rather than start one. */
  readonly active: boolean;
  /**
   * Shares the run under way, or starts `start` as a new one. The caller's promise rejects with
   * `signal.reason` once `signal` aborts, leaving the run to the others; the run's own signal
   * aborts only when every caller has left (a caller without a signal never leaves).
   */
  join(signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

interface Run<T> {
  promise: Promise<T>;
  controller: AbortController;
  /** Callers with a signal still waiting. */
  waiters: number;
  /** Whether a caller without a signal joined: the run then always finishes. */
  pinned: boolean;
}

/** A single flight: concurrent callers share one run, and each may leave it on its own signal. */
export function singleFlight<T>(): SingleFlight<T> {
  let current: Run<T> | undefined;

  function begin(start: (signal: AbortSignal) => Promise<T>): Run<T> {
    const controller = new AbortController();
    const run: Run<T> = {
      controller,
      waiters: 0,
      pinned: false,
      promise: Promise.resolve() as never,
    };
    run.promise = start(controller.signal).finally(() => {
      if (current === run) current = undefined;
    });
    run.promise.catch(ignore); // a run every caller left rejects with nobody listening
    return run;
  }

  function wait(run: Run<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal === undefined) {
      run.pinned = true;
      return run.promise;
    }
    run.waiters++;
    const leave = () => {
      run.waiters--;
      if (run.waiters > 0 || run.pinned) return;
      if (current === run) current = undefined; // the next caller starts afresh
      run.controller.abort(signal.reason);
    };
    signal.addEventListener("abort", leave, { once: true });
    const done = untilAborted(run.promise, signal);
    done.then(ignore, ignore).finally(() => signal.removeEventListener("abort", leave));
    return done;
  }

  return {
    get active() {
      return current !== undefined;
    },
    join(signal, start) {
      signal?.throwIfAborted();
      current ??= begin(start);
      return wait(current, signal);
    },
  };
}
