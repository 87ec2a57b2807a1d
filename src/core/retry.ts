/**
 * When to retry and how long to wait. The transport is the only caller; this file holds the rules.
 */

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

/**
 * The wait a response asks for: the `Retry-After` header, in seconds or as an HTTP date
 * (RFC 9110 §10.2.3), else the Partners Portal's 429 body field `retryAfter` (seconds).
 */
export function requestedDelayMs(
  response: Response,
  body: unknown,
  now = Date.now(),
): number | undefined {
  const header = response.headers.get("retry-after")?.trim();
  if (header) {
    if (/^\d+$/.test(header)) return Number(header) * 1000;
    // An HTTP date has letters (day and month names); Date.parse would also take "1.5" or "-1".
    const date = /[a-z]/i.test(header) ? Date.parse(header) : Number.NaN;
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const seconds = (body as { retryAfter?: unknown } | null)?.retryAfter;
  if (typeof seconds === "number" && seconds >= 0) return seconds * 1000;
  if (typeof seconds === "string" && /^\d+$/.test(seconds)) return Number(seconds) * 1000;
  return undefined;
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
