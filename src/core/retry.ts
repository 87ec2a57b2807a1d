/**
 * When to retry and how long to wait: the transport asks `retryDelay` after every attempt, and
 * `requestedDelayMs` is the one reading of how long a server asked us to wait (the transport's
 * backoff and `RateLimitError.retryAfterMs` both use it).
 */
import type { SdkError } from "./errors.js";

/** Base and cap of the exponential backoff, and the longest server-requested wait we honour. */
export const backoffBaseMs = 500;
export const backoffCapMs = 8_000;
export const maxRetryAfterMs = 60_000;

/** 408, 429 and every 5xx may succeed when sent again; other statuses will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Full jitter (a random wait between 0 and the exponential cap) so that many clients that
 * failed together do not retry together.
 */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** retry));
}

/** A whole number of seconds, as a JSON number or a digit string, in milliseconds. */
function secondsToMs(value: unknown): number | undefined {
  if (typeof value === "number")
    return value >= 0 && Number.isFinite(value) ? value * 1000 : undefined;
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) * 1000 : undefined;
}

/**
 * The wait a response asks for: the `Retry-After` header, in seconds or as an HTTP date
 * (RFC 9110 §10.2.3), else the Partners Portal's 429 body field `retryAfter` (seconds).
 */
export function requestedDelayMs(
  response: { readonly headers: Headers } | undefined,
  body: unknown,
  now = Date.now(),
): number | undefined {
  const header = response?.headers.get("retry-after")?.trim();
  if (header) {
    if (/^\d+$/.test(header)) return Number(header) * 1000;
    // An HTTP date has letters (day and month names); Date.parse would also take "1.5" or "-1".
    const date = /[a-z]/i.test(header) ? Date.parse(header) : Number.NaN;
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  return isObject ? secondsToMs((body as { retryAfter?: unknown }).retryAfter) : undefined;
}

/**
 * What one attempt ended with: a response (with the wait it asked for, when it asked), or a
 * failure that never produced one (a `ConnectionError` or `TimeoutError`).
 */
export type Outcome = { response: Response; requestedMs?: number } | { failure: SdkError };

/**
 * How long to wait before sending again after `outcome` (the `retry`-th retry, from 0), or
 * undefined when the outcome is final: a status that will not change, or a server asking for a wait longer than `maxRetryAfterMs` (the caller gets the
 * 429 or 503 then, rather than a call that hangs for minutes).
 */
export function retryDelay(outcome: Outcome, retry: number): number | undefined {
  if ("failure" in outcome) return backoffMs(retry);
  if (!isRetryableStatus(outcome.response.status)) return undefined;
  const requested = outcome.requestedMs;
  if (requested !== undefined && requested > maxRetryAfterMs) return undefined;
  return requested ?? backoffMs(retry);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
