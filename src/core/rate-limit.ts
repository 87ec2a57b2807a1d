/**
 * An opt-in client-side rate limit over any number of windows at once (the Partners Portal's
 * guide states 100 requests a minute and 1000 an hour per intermediary company). Calls beyond
 * it wait in order, first come first served, instead of earning a 429; each holds its slot
 * until its attempt has ended, so a slow request cannot let a window overshoot.
 */
import { SdkError } from "./errors.js";
import { createRateLedger, type RateWindow } from "./rate-ledger.js";
import { createWaitQueue, type Serve } from "./wait-queue.js";

export type { RateWindow } from "./rate-ledger.js";

/** Hands out slots to send requests; share one to share a budget. */
export interface RateLimiter {
  /**
   * Waits until one more request may be sent, then resolves with `release`, to be called once
   * when that attempt has ended (response headers+body received, or failed). Holding the slot
   * until then keeps a slow first request from letting a window overshoot. Rejects with
   * `signal.reason` as soon as `signal` aborts, leaving the queue at once.
   */
  acquire(signal?: AbortSignal): Promise<() => void>;
}

/** The short form of a limit: either or both of the documented windows. */
export interface RateLimitShorthand {
  requestsPerMinute?: number;
  requestsPerHour?: number;
}

/** Options of `createRateLimiter`. */
export interface RateLimiterOptions {
  /** Every window is enforced at once. @default documentedWindows */
  windows?: readonly RateWindow[];
  /** A slot never released (a lost callback) ends on its own after this long. @default 120000 */
  maxHoldMs?: number;
  /** The clock, in milliseconds. @default performance.now */
  now?: () => number;
}

/** The Partners Portal's documented limits: 100 requests a minute and 1000 an hour. */
export const documentedWindows: readonly RateWindow[] = Object.freeze([
  { requests: 100, perMs: 60_000 },
  { requests: 1000, perMs: 3_600_000 },
]);

/**
 * A shorthand rate as a window: a whole number of requests per period, rounded down (never
 * above the rate); a rate below one becomes one request per a longer period (0.5 a minute: one
 * every two minutes).
 */
function shorthandWindow(rate: number, perMs: number): RateWindow {
  if (!(rate > 0) || !Number.isFinite(rate))
    throw new SdkError("rateLimit rates must be positive, finite numbers");
  return rate >= 1 ? { requests: Math.floor(rate), perMs } : { requests: 1, perMs: perMs / rate };
}

/** The windows of either form, checked: positive whole request counts, positive durations. */
export function rateWindows(options: RateLimiterOptions | RateLimitShorthand = {}): RateWindow[] {
  const { requestsPerMinute, requestsPerHour } = options as RateLimitShorthand;
  const windows =
    requestsPerMinute !== undefined || requestsPerHour !== undefined
      ? [
          ...(requestsPerMinute !== undefined ? [shorthandWindow(requestsPerMinute, 60_000)] : []),
          ...(requestsPerHour !== undefined ? [shorthandWindow(requestsPerHour, 3_600_000)] : []),
        ]
      : ((options as RateLimiterOptions).windows ?? documentedWindows);
  if (windows.length === 0) throw new SdkError("rateLimit needs at least one window");
  for (const { requests, perMs } of windows) {
    if (!Number.isInteger(requests) || requests < 1 || !(perMs > 0) || !Number.isFinite(perMs))
      throw new SdkError(
        "rateLimit windows need a whole number of requests (at least 1) per a positive number of milliseconds",
      );
  }
  return windows.map(({ requests, perMs }) => ({ requests, perMs }));
}

/** Whether `value` is a limiter object rather than the shorthand. */
export function isRateLimiter(value: unknown): value is RateLimiter {
  return typeof (value as RateLimiter | undefined)?.acquire === "function";
}

/**
 * Creates an in-process limiter enforcing every window at once (the documented ones by default).
 *
 * @example
 * const limiter = createRateLimiter({ windows: [{ requests: 100, perMs: 60_000 }] });
 * const release = await limiter.acquire(signal);
 * try { await send(); } finally { release(); }
 */
export function createRateLimiter(
  options: RateLimiterOptions | RateLimitShorthand = {},
): RateLimiter {
  const windows = rateWindows(options);
  const { maxHoldMs = 120_000, now = () => performance.now() } = options as RateLimiterOptions;
  if (!(maxHoldMs > 0) || !Number.isFinite(maxHoldMs))
    throw new SdkError("maxHoldMs must be a positive number of milliseconds");
  const ledger = createRateLedger(windows, maxHoldMs);
  const queue = createWaitQueue(() => pump());
  let timer: ReturnType<typeof setTimeout> | undefined;

  function pump(): void {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length > 0) {
      const wait = ledger.waitMs(now());
      if (wait > 0) {
        timer = setTimeout(pump, wait);
        return;
      }
      const serve = queue.shift() as Serve;
      const slot = ledger.take(now());
      serve(() => {
        ledger.release(slot, now());
        pump();
      });
    }
  }

  return { acquire: (signal) => queue.join(signal) };
}
