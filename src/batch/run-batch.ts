/**
 * `runBatch`: one task per item with bounded concurrency, results handed back in input order.
 * It never retries: a task runs once, and whatever retry happens is the client's own (which
 * retries only what is safe to repeat). Tasks that call an SDK client also go through that
 * client's rate limiter, so the batch cannot outrun the configured limit.
 */
import { type BatchProgress, createProgressMeter } from "./progress.js";

/** One settled item: `ok` with the `value` its task resolved with, or not `ok` with what it threw. */
export type BatchResult<T, R> =
  | { ok: true; item: T; index: number; value: R }
  | { ok: false; item: T; index: number; error: unknown };

/** What a task receives besides its item. */
export interface BatchTaskContext {
  /** Aborts when the batch is aborted or abandoned; pass it on to the client call. */
  signal: AbortSignal;
  /** Position of the item in the input, from 0. */
  index: number;
}

/** Options of `runBatch`. */
export interface BatchOptions {
  /** Tasks running at once. @default 4 */
  concurrency?: number;
  /** Stops the batch: no new task starts, running ones are aborted, settled results are still yielded. */
  signal?: AbortSignal;
  /** Called after each item settles. */
  onProgress?: (progress: BatchProgress) => void;
  /** Number of items, when the input cannot tell (an async iterable). Arrays and sets tell. */
  total?: number;
  /** @internal clock for tests. @default performance.now */
  now?: () => number;
}

interface Slot<T, R> {
  item: T;
  index: number;
  controller: AbortController;
  settled: Promise<BatchResult<T, R>>;
  done: boolean;
}

function knownSize(items: unknown): number | undefined {
  if (Array.isArray(items)) return items.length;
  if (items instanceof Set || items instanceof Map) return items.size;
  return undefined;
}

function iteratorOf<T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in items
    ? (items as AsyncIterable<T>)[Symbol.asyncIterator]()
    : (items as Iterable<T>)[Symbol.iterator]();
}

/**
 * Runs `task` over `items` (any iterable or async iterable, read lazily) with at most
 * `concurrency` tasks at once, and async-iterates one result per item in input order.
 *
 * On abort (or when the loop is left early) no new task starts, running tasks see their
 * `signal` abort, and the iteration ends once they have settled: results that settled on their
 * own are still yielded, the ones cut short by the abort are not (they never finished).
 *
 * @example
 * for await (const result of runBatch(debtors, (debtor, { signal }) => lookUp(debtor, signal), { concurrency: 4 })) {
 *   if (result.ok) console.log(result.item, result.value);
 * }
 */
export async function* runBatch<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  task: (item: T, context: BatchTaskContext) => R | Promise<R>,
  options: BatchOptions = {},
): AsyncGenerator<BatchResult<T, R>, void, undefined> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError("runBatch: concurrency must be a positive integer");
  const signal = options.signal;
  const meter = createProgressMeter(options.total ?? knownSize(items), options.now);
  const iterator = iteratorOf(items);
  // Started but not yet yielded; bounded so a slow head cannot make the buffer grow without end.
  const window: Slot<T, R>[] = [];
  const maxWindow = concurrency * 4;
  let running = 0;
  let exhausted = false;
  let nextIndex = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const stopped = () => signal?.aborted === true;
  signal?.addEventListener("abort", notify, { once: true });

  const start = (item: T) => {
    const index = nextIndex++;
    const controller = new AbortController();
    const slot = { item, index, controller, done: false } as Slot<T, R>;
    running++;
    slot.settled = (async (): Promise<BatchResult<T, R>> => {
      try {
        return {
          ok: true,
          item,
          index,
          value: await task(item, { signal: controller.signal, index }),
        };
      } catch (error) {
        return { ok: false, item, index, error };
      } finally {
        running--;
        slot.done = true;
        notify();
      }
    })();
    window.push(slot);
  };

  const fill = async () => {
    while (!exhausted && !stopped() && running < concurrency && window.length < maxWindow) {
      const next = await iterator.next();
      if (next.done) exhausted = true;
      else if (!stopped()) start(next.value);
    }
  };

  const abortRunning = () => {
    for (const slot of window) if (!slot.done) slot.controller.abort(signal?.reason);
  };
  signal?.addEventListener("abort", abortRunning, { once: true });

  try {
    for (;;) {
      // Hand back what has settled first, so a slow input never delays finished results.
      while (window[0]?.done) {
        const head = window.shift() as Slot<T, R>;
        const result = await head.settled;
        if (head.controller.signal.aborted && !result.ok) continue; // cut short
        meter.record(!result.ok);
        options.onProgress?.(meter.snapshot());
        yield result;
      }
      await fill();
      if (window.length === 0) break;
      if (!window[0]?.done)
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
    }
  } finally {
    signal?.removeEventListener("abort", notify);
    signal?.removeEventListener("abort", abortRunning);
    for (const slot of window) slot.controller.abort(signal?.reason);
    await Promise.all(window.map((slot) => slot.settled));
    if (!exhausted) await (iterator as AsyncIterator<T>).return?.();
  }
}
