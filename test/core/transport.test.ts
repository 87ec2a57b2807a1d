import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionError, TimeoutError } from "../../src/core/errors.ts";
import { fetchSender } from "../../src/core/send.ts";
import {
  createTransport,
  type SdkEvent,
  type TokenSource,
  type TransportOptions,
} from "../../src/core/transport.ts";
import { json, type ScriptedFetch, scriptedFetch, until, withoutWaiting } from "../helpers.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const url = "http://127.0.0.1:9/v1/things?name=query-SECRET4";
const path = "/v1/things";
const headerSecret = "header-SECRET5";

/** TokenSource whose token() hands out `token-1-SECRET`, `token-2-SECRET`… one per session. */
function fakeCredentials(options: { newTokenPerCall?: boolean } = {}) {
  let session = 1;
  const invalidated: string[] = [];
  let calls = 0;
  const credentials: TokenSource = {
    async token() {
      calls++;
      return `token-${options.newTokenPerCall ? calls : session}-SECRET`;
    },
    async invalidate(token) {
      invalidated.push(token);
      session++;
    },
  };
  return { credentials, invalidated, calls: () => calls };
}

function transportFor(api: ScriptedFetch, options: Partial<TransportOptions> = {}) {
  return createTransport({
    send: fetchSender(api.fetch),
    maxRetries: 2,
    timeoutMs: 5_000,
    isIdempotent: (request) => request.method !== "POST",
    credentials: fakeCredentials().credentials,
    ...options,
  });
}

const get = (init: RequestInit = {}) =>
  new Request(url, { ...init, headers: { xClientSecret: headerSecret } });
const post = (body: unknown) =>
  new Request(url, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
const bearer = (r: Request) => r.headers.get("authorization");
const busy = (status = 503, headers: Record<string, string> = {}) =>
  json({ error: "Service Unavailable", message: "busy" }, status, headers);
/** A request that never gets an answer, until its signal aborts. */
const stalled = (request: Request) =>
  new Promise<Response>((_, reject) =>
    request.signal.addEventListener("abort", () => reject(request.signal.reason)),
  );
/** A 200 whose body sends its first chunk, then the connection resets. */
const resetMidBody = () =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"items":['));
      },
      pull(controller) {
        controller.error(new TypeError("terminated: other side closed"));
      },
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );

describe("createTransport", () => {
  it("sends the same POST body again when it replays the request after a 401", async () => {
    const body = { subject: "s", text: "t" };
    const api = scriptedFetch((_, seen) => (seen === 1 ? busy(401) : json({ ok: true }, 201)));
    const original = post(body);
    const response = await transportFor(api)(original);
    expect(response.status).toBe(201);
    expect(api.requests).toHaveLength(2);
    expect(api.requests[0]).not.toBe(api.requests[1]);
    const sent = await Promise.all(api.requests.map((r) => r.text()));
    expect(sent).toEqual([JSON.stringify(body), JSON.stringify(body)]);
    expect(original.bodyUsed).toBe(false);
  });

  it("attaches the token that credentials.token() returns when each attempt starts", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { credentials, calls } = fakeCredentials({ newTokenPerCall: true });
    const api = scriptedFetch((_, seen) => (seen < 3 ? busy() : json({ ok: true })));
    const response = await transportFor(api, { credentials })(get());
    expect(response.status).toBe(200);
    expect(calls()).toBe(3);
    expect(api.requests.map(bearer)).toEqual([
      "Bearer token-1-SECRET",
      "Bearer token-2-SECRET",
      "Bearer token-3-SECRET",
    ]);
  });

  it("sends no authorization header when it has no credentials", async () => {
    const api = scriptedFetch(() => json({ ok: true }));
    await transportFor(api, { credentials: undefined })(get());
    expect(api.requests[0]?.headers.has("authorization")).toBe(false);
  });

  it("invalidates the refused token once and replays once when every answer is 401", async () => {
    const fake = fakeCredentials();
    const api = scriptedFetch(() => json({ error: "Unauthorized", message: "expired" }, 401));
    const response = await transportFor(api, { credentials: fake.credentials })(get());
    expect(response.status).toBe(401);
    expect(fake.invalidated).toEqual(["token-1-SECRET"]);
    expect(api.requests.map(bearer)).toEqual(["Bearer token-1-SECRET", "Bearer token-2-SECRET"]);
  });

  it("returns a 401 without a replay when it has no credentials", async () => {
    const api = scriptedFetch(() => json({ error: "Unauthorized", message: "no" }, 401));
    const response = await transportFor(api, { credentials: undefined })(get());
    expect(response.status).toBe(401);
    expect(api.requests).toHaveLength(1);
  });

  it("retries a GET after network errors and returns the answer when one comes", async () => {
    vi.useFakeTimers();
    const api = scriptedFetch((_, seen) => {
      if (seen < 3) throw new TypeError("fetch failed");
      return json({ ok: true });
    });
    const pending = transportFor(api)(get());
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await pending).status).toBe(200);
    expect(api.requests).toHaveLength(3);
  });

  it("throws ConnectionError with the network error as cause when the retries run out", async () => {
    vi.useFakeTimers();
    const networkError = new TypeError("fetch failed");
    const api = scriptedFetch(() => {
      throw networkError;
    });
    const outcome = transportFor(api)(get()).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).cause).toBe(networkError);
    expect((error as ConnectionError).message).toContain(`GET ${path}`);
    expect((error as ConnectionError).message).not.toContain("SECRET");
    expect(api.requests).toHaveLength(3);
  });

  it("does not retry a POST after a network error", async () => {
    const api = scriptedFetch(() => {
      throw new TypeError("fetch failed");
    });
    await expect(transportFor(api)(post({ a: 1 }))).rejects.toBeInstanceOf(ConnectionError);
    expect(api.requests).toHaveLength(1);
  });

  it("does not retry a POST answered 503", async () => {
    const api = scriptedFetch(() => busy(503, { "retry-after": "0" }));
    const response = await transportFor(api)(post({ a: 1 }));
    expect(response.status).toBe(503);
    expect(api.requests).toHaveLength(1);
  });

  it("retries a GET answered 503 maxRetries times, then returns the last 503", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const api = scriptedFetch(() => busy());
    const response = await transportFor(api, { maxRetries: 3 })(get());
    expect(response.status).toBe(503);
    expect(api.requests).toHaveLength(4);
  });

  it("does not retry a GET answered 404", async () => {
    const api = scriptedFetch(() => json({ error: "Not Found", message: "no" }, 404));
    const response = await transportFor(api)(get());
    expect(response.status).toBe(404);
    expect(api.requests).toHaveLength(1);
  });

  it.each([503, 429])("waits for Retry-After before retrying a %i", async (status) => {
    vi.useFakeTimers();
    const api = scriptedFetch((_, seen) =>
      seen === 1 ? busy(status, { "retry-after": "5" }) : json({ ok: true }),
    );
    const pending = transportFor(api)(get());
    await until(() => api.requests.length === 1 && vi.getTimerCount() === 1);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(api.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => api.requests.length === 2);
    expect((await pending).status).toBe(200);
  });

  it("waits for a 429 body's retryAfter when there is no Retry-After header", async () => {
    vi.useFakeTimers();
    const api = scriptedFetch((_, seen) =>
      seen === 1
        ? json({ error: "Too Many Requests", message: "slow down", retryAfter: 3 }, 429)
        : json({ ok: true }),
    );
    const pending = transportFor(api)(get());
    await until(() => api.requests.length === 1 && vi.getTimerCount() === 1);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(api.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => api.requests.length === 2);
    expect((await pending).status).toBe(200);
  });

  it("gives the 429 to the caller at once when Retry-After exceeds 60 s", async () => {
    vi.useFakeTimers();
    const api = scriptedFetch(() =>
      json({ error: "Too Many Requests", message: "later", retryAfter: 61 }, 429, {
        "retry-after": "61",
      }),
    );
    const response = await withoutWaiting(transportFor(api)(get()));
    expect(response.status).toBe(429);
    expect(api.requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives the 429 to the caller at once when the body's retryAfter exceeds 60 s", async () => {
    vi.useFakeTimers();
    const api = scriptedFetch(() =>
      json({ error: "Too Many Requests", message: "later", retryAfter: 120 }, 429),
    );
    const response = await withoutWaiting(transportFor(api)(get()));
    expect(response.status).toBe(429);
    expect(api.requests).toHaveLength(1);
  });

  it("throws TimeoutError with timeoutMs when an attempt gets no answer in time", async () => {
    vi.useFakeTimers();
    const api = scriptedFetch(stalled);
    const outcome = transportFor(api, { timeoutMs: 1_000, maxRetries: 0 })(get()).catch(
      (e: unknown) => e,
    );
    await until(() => api.requests.length === 1);
    await vi.advanceTimersByTimeAsync(999);
    expect(api.requests[0]?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1_000);
    expect((error as TimeoutError).message).toContain(`GET ${path}`);
  });

  it("retries a GET that times out, maxRetries + 1 attempts in all", async () => {
    vi.useFakeTimers();
    const api = scriptedFetch(stalled);
    const outcome = transportFor(api, { timeoutMs: 1_000, maxRetries: 2 })(get()).catch(
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(api.requests).toHaveLength(3);
  });

  it("times out an attempt whose body stops arriving", async () => {
    vi.useFakeTimers();
    // Like fetch, the body stream fails when the request's signal aborts.
    const api = scriptedFetch(
      (request) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("{"));
              request.signal.addEventListener("abort", () =>
                controller.error(request.signal.reason),
              );
            },
          }),
        ),
    );
    const outcome = transportFor(api, { timeoutMs: 1_000, maxRetries: 0 })(get()).catch(
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toBeInstanceOf(TimeoutError);
  });

  it("rejects with the caller's reason and sends nothing more when the caller aborts during backoff", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const api = scriptedFetch(() => busy(503, { "retry-after": "10" }));
    const outcome = transportFor(api)(get({ signal: controller.signal })).catch((e: unknown) => e);
    await until(() => api.requests.length === 1 && vi.getTimerCount() === 1);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.requests).toHaveLength(1);
  });

  it("reports responses, retries and re-authentications without any header, token or query", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const events: SdkEvent[] = [];
    const api = scriptedFetch((_, seen) => {
      if (seen === 1) return json({ error: "Unauthorized", message: "expired" }, 401);
      if (seen === 2) return busy(503, { "retry-after": "0" });
      if (seen === 3) throw new TypeError("fetch failed");
      return json({ ok: true });
    });
    const response = await transportFor(api, { onEvent: (e) => events.push(e) })(get());
    expect(response.status).toBe(200);
    expect(events.map((e) => (e.type === "response" ? `response ${e.status}` : e.type))).toEqual([
      "response 401",
      "reauthenticate",
      "response 503",
      "retry",
      "retry",
      "response 200",
    ]);
    expect(events.filter((e) => e.type === "retry").map((e) => e.reason)).toEqual([
      "503",
      "ConnectionError",
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ method: "GET", path });
      const text = JSON.stringify(event);
      expect(text).not.toMatch(/SECRET|token-\d|authorization|Bearer/i);
    }
  });

  it("completes the request when the onEvent listener throws", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const listener = vi.fn(() => {
      throw new Error("listener broke");
    });
    const api = scriptedFetch((_, seen) => (seen === 1 ? busy() : json({ ok: true })));
    const response = await transportFor(api, { onEvent: listener })(get());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it("ignores an async onEvent listener whose promise rejects", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      // A plain async function: a vi.fn spy would observe the promise, handling the rejection.
      let calls = 0;
      const listener = async () => {
        calls++;
        throw new Error("async listener broke");
      };
      const api = scriptedFetch((_, seen) => (seen === 1 ? busy() : json({ ok: true })));
      const response = await transportFor(api, { onEvent: listener })(get());
      expect(response.status).toBe(200);
      expect(calls).toBe(3);
      // Unhandled rejections are reported after the microtask queue drains.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });

  it("retries a GET whose connection resets while the body streams", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const api = scriptedFetch((_, seen) => (seen === 1 ? resetMidBody() : json({ items: [1] })));
    const response = await transportFor(api)(get());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [1] });
    expect(api.requests).toHaveLength(2);
  });

  it("throws ConnectionError when the connection resets while the body streams", async () => {
    const api = scriptedFetch(resetMidBody);
    const error = await transportFor(api, { maxRetries: 0 })(get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).cause).toBeInstanceOf(TypeError);
  });
});

describe("createTransport's fast path", () => {
  it("sends the token current() has at hand without waiting for token()", async () => {
    const token = vi.fn(async () => "slow-token");
    const credentials: TokenSource = {
      token,
      current: () => "fresh-token",
      invalidate: async () => undefined,
    };
    const api = scriptedFetch(() => json({ ok: true }));
    const sent = transportFor(api, { credentials })(get());
    // No turn of the event loop passes before the request is handed to fetch.
    expect(api.requests).toHaveLength(1);
    await sent;
    expect(bearer(api.requests[0] as Request)).toBe("Bearer fresh-token");
    expect(token).not.toHaveBeenCalled();
  });

  it("awaits token() when current() has nothing at hand", async () => {
    const credentials: TokenSource = {
      token: async () => "renewed-token",
      current: () => undefined,
      invalidate: async () => undefined,
    };
    const api = scriptedFetch(() => json({ ok: true }));
    await transportFor(api, { credentials })(get());
    expect(bearer(api.requests[0] as Request)).toBe("Bearer renewed-token");
  });

  it("reads no clock for events when nobody listens", async () => {
    const now = vi.spyOn(performance, "now");
    const api = scriptedFetch(() => json({ ok: true }));
    await transportFor(api)(get());
    expect(now).not.toHaveBeenCalled();
    await transportFor(api, { onEvent: () => undefined })(get());
    expect(now).toHaveBeenCalled();
  });
});
