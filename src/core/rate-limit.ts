/**
 * An opt-in client-side rate limit: a token bucket that holds `requestsPerMinute` tokens and
 * refills continuously. Calls beyond it wait, in order, instead of earning a 429. (The Partners
 * Portal's guide states 100 requests a minute and 1000 an hour per intermediary company.)
 */
import type { Middleware } from "openapi-fetch";
import { sleep } from "./retry.js";

export interface RateLimitOptions {
  requestsPerMinute: number;
  now?: () => number;
}

export function createRateLimiter(options: RateLimitOptions): Middleware {
  const now = options.now ?? (() => performance.now());
  const capacity = options.requestsPerMinute;
  if (!(capacity > 0))
    throw new RangeError("rateLimit.requestsPerMinute must be a positive number");
  const perMs = capacity / 60_000;
  let tokens = capacity;
  let updatedAt = now();
  let queue: Promise<void> = Promise.resolve();

  async function take(signal: AbortSignal): Promise<void> {
    const t = now();
    tokens = Math.min(capacity, tokens + (t - updatedAt) * perMs);
    updatedAt = t;
    if (tokens < 1) await sleep((1 - tokens) / perMs, signal);
    tokens = Math.min(capacity, tokens + (now() - updatedAt) * perMs) - 1;
    updatedAt = now();
  }

  return {
    async onRequest({ request }) {
      // Each request waits for the one before it, so tokens are handed out first come, first served.
      const turn = queue.then(() => take(request.signal));
      queue = turn.catch(() => undefined);
      await turn;
      return request;
    },
  };
}
