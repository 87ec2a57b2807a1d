/**
 * The client-side rate limiter's waits, as `rate-limit-wait` events (debug lines): a wrapper
 * around whichever limiter the client uses, wherever it is called from, that times `acquire`.
 */
import { checkRateLimit } from "../core/config.js";
import {
  createRateLimiter,
  isRateLimiter,
  type RateLimiter,
  type RateLimitShorthand,
} from "../core/rate-limit.js";
import type { SdkEvent } from "../core/transport.js";

/** Waits shorter than this are the queue's own bookkeeping, not worth a line. */
const reportedWaitMs = 1;

/** `limiter`, reporting each wait for a slot of at least a millisecond to `report`. */
export function reportingWaits(
  limiter: RateLimiter,
  report: (event: SdkEvent) => void,
): RateLimiter {
  return {
    async acquire(signal) {
      const started = performance.now();
      const release = await limiter.acquire(signal);
      const waitedMs = performance.now() - started;
      if (waitedMs >= reportedWaitMs) report({ type: "rate-limit-wait", waitedMs });
      return release;
    },
  };
}

/**
 * The limiter a client's `rateLimit` option asks for (none when it is absent), checked first (a
 * `ConfigurationError` for one that cannot work): a limiter of its own for the shorthand, or the
 * one given, shared. It goes in the transport, so that every
 * attempt takes a slot (retries, the replay after a 401, Authenticate or the token request),
 * and its waits are reported as `rate-limit-wait` events.
 */
export function clientLimiter(
  rateLimit: RateLimitShorthand | RateLimiter | undefined,
  report: (event: SdkEvent) => void,
): RateLimiter | undefined {
  checkRateLimit(rateLimit);
  if (rateLimit === undefined) return undefined;
  return reportingWaits(
    isRateLimiter(rateLimit) ? rateLimit : createRateLimiter(rateLimit),
    report,
  );
}
