import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionError } from "../../src/core/errors.ts";
import {
  backoffBaseMs,
  backoffCapMs,
  backoffMs,
  isRetryableStatus,
  maxRetryAfterMs,
  requestedDelayMs,
  retryDelay,
  sleep,
} from "../../src/core/retry.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const almostOne = 1 - Number.EPSILON;
const withHeader = (value: string) => new Response(null, { headers: { "retry-after": value } });
const none = new Response(null);

describe("isRetryableStatus", () => {
  it.each([408, 429, 500, 502, 503, 504, 599])("retries %i", (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([200, 400, 401, 403, 404, 409, 422])("does not retry %i", (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe("backoffMs", () => {
  it("waits nothing when the random draw is 0", () => {
    for (let retry = 0; retry < 8; retry++) expect(backoffMs(retry, () => 0)).toBe(0);
  });

  it("stays below base × 2^n when the random draw is almost 1", () => {
    expect(backoffMs(0, () => almostOne)).toBe(backoffBaseMs - 1);
    expect(backoffMs(1, () => almostOne)).toBe(2 * backoffBaseMs - 1);
    expect(backoffMs(2, () => almostOne)).toBe(4 * backoffBaseMs - 1);
  });

  it("stays below the cap when base × 2^n exceeds it", () => {
    expect(backoffMs(4, () => almostOne)).toBe(backoffCapMs - 1);
    expect(backoffMs(30, () => almostOne)).toBe(backoffCapMs - 1);
  });

  it("scales the random draw when it is in the middle", () => {
    expect(backoffMs(1, () => 0.5)).toBe(backoffBaseMs);
  });

  it("stays within [0, min(cap, base × 2^n)) when the draw is Math.random", () => {
    for (let retry = 0; retry < 10; retry++) {
      const delay = backoffMs(retry);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(backoffCapMs, backoffBaseMs * 2 ** retry));
    }
  });
});

describe("requestedDelayMs", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");

  it("reads Retry-After when it is in seconds", () => {
    expect(requestedDelayMs(withHeader("7"), null, now)).toBe(7_000);
    expect(requestedDelayMs(withHeader(" 0 "), null, now)).toBe(0);
  });

  it("reads Retry-After when it is an HTTP date (RFC 9110 §10.2.3)", () => {
    expect(requestedDelayMs(withHeader("Sun, 01 Mar 2026 12:00:30 GMT"), null, now)).toBe(30_000);
  });

  it("waits nothing when the Retry-After date is already past", () => {
    expect(requestedDelayMs(withHeader("Sun, 01 Mar 2026 11:59:00 GMT"), null, now)).toBe(0);
  });

  it("prefers the header when both the header and the body ask for a wait", () => {
    expect(requestedDelayMs(withHeader("2"), { retryAfter: 45 }, now)).toBe(2_000);
  });

  it("reads the body's retryAfter when it is a number", () => {
    expect(requestedDelayMs(none, { retryAfter: 45 }, now)).toBe(45_000);
  });

  it("reads the body's retryAfter when it is a numeric string", () => {
    expect(requestedDelayMs(none, { retryAfter: "12" }, now)).toBe(12_000);
  });

  it("falls back to the body when the header is not a delay", () => {
    expect(requestedDelayMs(withHeader("soon"), { retryAfter: 3 }, now)).toBe(3_000);
  });

  it("ignores a Retry-After that is neither delay-seconds nor an HTTP date", () => {
    // RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds. Date.parse reads "1.5" and
    // "-1" as dates in 2001, which would turn them into "retry now".
    expect(requestedDelayMs(withHeader("1.5"), { retryAfter: 3 }, now)).toBe(3_000);
    expect(requestedDelayMs(withHeader("-1"), null, now)).toBeUndefined();
  });

  it("returns undefined when neither the header nor the body asks for a wait", () => {
    expect(requestedDelayMs(none, null, now)).toBeUndefined();
    expect(requestedDelayMs(none, { error: "busy" }, now)).toBeUndefined();
    expect(requestedDelayMs(none, { retryAfter: -1 }, now)).toBeUndefined();
    expect(requestedDelayMs(none, { retryAfter: "later" }, now)).toBeUndefined();
  });
});

describe("sleep", () => {
  it("resolves after ms and not before", async () => {
    vi.useFakeTimers();
    let done = false;
    const slept = sleep(1_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await slept;
    expect(done).toBe(true);
  });

  it("rejects with the signal's reason when the signal aborts", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const reason = new Error("stop");
    const slept = sleep(10_000, controller.signal);
    const outcome = slept.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once when the signal is already aborted", async () => {
    vi.useFakeTimers();
    const reason = new Error("already");
    await expect(sleep(10_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("retryDelay", () => {
  const answer = (status: number, requestedMs?: number) =>
    requestedMs === undefined
      ? { response: new Response(null, { status }) }
      : { response: new Response(null, { status }), requestedMs };

  it("backs off after a network failure", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect(retryDelay({ failure: new ConnectionError("reset") }, 1)).toBe(backoffBaseMs);
  });

  it("backs off after a retryable status that asked for no wait", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect(retryDelay(answer(503), 0)).toBe(backoffBaseMs / 2);
  });

  it("waits what the response asked for, up to maxRetryAfterMs", () => {
    expect(retryDelay(answer(429, 0), 3)).toBe(0);
    expect(retryDelay(answer(429, maxRetryAfterMs), 0)).toBe(maxRetryAfterMs);
  });

  it("gives the response to the caller when it asks for a longer wait", () => {
    expect(retryDelay(answer(503, maxRetryAfterMs + 1), 0)).toBeUndefined();
  });

  it("ends at a status that will not change", () => {
    expect(retryDelay(answer(200), 0)).toBeUndefined();
    expect(retryDelay(answer(404, 1_000), 0)).toBeUndefined();
  });
});
