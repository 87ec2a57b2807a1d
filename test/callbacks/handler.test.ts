import { describe, expect, it, vi } from "vitest";
import {
  BodyAlreadyReadError,
  type CallbackContext,
  type CallbackHandlerOptions,
  type CallbackNotification,
  CallbackOptionsError,
  createCallbackHandler,
  createMemoryDedupeStore,
  type DedupeStore,
} from "../../src/callbacks/index.ts";
import { delivery, eventually, gate, processNotification, simulationId } from "./fixtures.ts";

function receiver(options: Partial<CallbackHandlerOptions> = {}) {
  const seen: { notification: CallbackNotification; context: CallbackContext }[] = [];
  const errors: { error: unknown; phase: string }[] = [];
  const handler = createCallbackHandler({
    onNotification: (notification, context) => {
      seen.push({ notification, context });
    },
    onError: (error, info) => errors.push({ error, phase: info.phase }),
    ...options,
  });
  return { handler, seen, errors };
}

describe("createCallbackHandler", () => {
  it("answers 200 after onNotification resolves, with the notification and its context", async () => {
    const { handler, seen } = receiver();
    const response = await handler(delivery(processNotification()), { remoteAddress: "10.0.0.7" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.notification).toEqual(processNotification());
    const context = seen[0]?.context;
    expect(context?.rawBody).toBe(JSON.stringify(processNotification()));
    expect(context?.deliveryKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(context?.remoteAddress).toBe("10.0.0.7");
    expect(context?.headers.get("content-type")).toBe("application/json");
  });

  it("answers 405 with Allow: POST for other methods, without calling the handler", async () => {
    const { handler, seen } = receiver();
    for (const method of ["GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
      const response = await handler(delivery(processNotification(), {}, method));
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    }
    expect(seen).toHaveLength(0);
  });

  it("answers 415 for a body that is not declared JSON", async () => {
    const { handler, seen } = receiver();
    const body = JSON.stringify(processNotification());
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonp"]) {
      expect((await handler(delivery(body, { "content-type": type }))).status, type).toBe(415);
    }
    const untyped = new Request("http://receiver.test/", {
      method: "POST",
      body: new Blob([body]),
    });
    expect((await handler(untyped)).status).toBe(415);
    expect(seen).toHaveLength(0);
  });

  it("accepts JSON media types with parameters and the +json suffix", async () => {
    const { handler, seen } = receiver({ dedupe: false });
    for (const type of [
      "application/json; charset=utf-8",
      "Application/JSON",
      "application/vnd.bctt+json",
    ]) {
      expect(
        (await handler(delivery(processNotification(), { "content-type": type }))).status,
      ).toBe(200);
    }
    expect(seen).toHaveLength(3);
  });

  it("answers 413 past maxBodyBytes, from a declared length without reading", async () => {
    const { handler, seen } = receiver({ maxBodyBytes: 64 });
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(16));
      },
    });
    const request = new Request("http://receiver.test/", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": "65" },
      body,
      duplex: "half",
    } as RequestInit);
    const response = await handler(request);
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect(pulls).toBeLessThanOrEqual(1);
    expect(seen).toHaveLength(0);
  });

  it("answers 413 and stops reading as soon as a streamed body passes maxBodyBytes", async () => {
    const { handler } = receiver({ maxBodyBytes: 1000 });
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 100;
        controller.enqueue(new Uint8Array(100));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request("http://receiver.test/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect((await handler(request)).status).toBe(413);
    expect(cancelled).toBe(true);
    // The limit, one chunk past it, and what the stream's own queue pre-fetched.
    expect(pulled).toBeLessThanOrEqual(1300);
  });

  it("accepts a body of exactly maxBodyBytes", async () => {
    const body = JSON.stringify(processNotification());
    const { handler } = receiver({ maxBodyBytes: new TextEncoder().encode(body).length });
    expect((await handler(delivery(body))).status).toBe(200);
  });

  it("answers 400 for malformed JSON without quoting it or calling the handler", async () => {
    const { handler, seen } = receiver();
    const response = await handler(delivery('{"notificationTypeID": 1, "secretish-token-123'));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const text = await response.text();
    expect(text).not.toContain("secretish");
    expect(JSON.parse(text).problems).toEqual([
      { path: "", message: "the body is not valid JSON" },
    ]);
    expect(seen).toHaveLength(0);
  });

  it("answers 400 for a body that is not UTF-8", async () => {
    const { handler, seen } = receiver();
    const response = await handler(delivery(new Uint8Array([0x7b, 0xff, 0x7d]) as never));
    expect(response.status).toBe(400);
    expect(seen).toHaveLength(0);
  });

  it("answers 400 with every problem of a body that does not match the schema", async () => {
    const { handler, seen } = receiver();
    const body = {
      notificationTypeID: "2",
      processUniqueId: "not-a-uuid",
      simulationUniqueId: simulationId,
      rawBody: ["x"],
    };
    const response = await handler(delivery(body));
    expect(response.status).toBe(400);
    const { problems } = await response.json();
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "/notificationTypeID", message: "must be an integer" },
        { path: "", message: "must have exactly one of processUniqueId and simulationUniqueId" },
        { path: "/processUniqueId", message: "must be a UUID string" },
        { path: "/rawBody", message: "must be a JSON object" },
      ]),
    );
    expect(JSON.stringify(problems)).not.toContain("not-a-uuid");
    expect(seen).toHaveLength(0);
  });

  it("answers 401 when authenticate refuses, before parsing the body", async () => {
    const authenticate = vi.fn(() => false);
    const { handler, seen } = receiver({ authenticate });
    const response = await handler(delivery("not json"), { remoteAddress: "192.0.2.1" });
    expect(response.status).toBe(401);
    expect(authenticate).toHaveBeenCalledWith(expect.any(Request), {
      rawBody: new TextEncoder().encode("not json"),
      remoteAddress: "192.0.2.1",
    });
    expect(seen).toHaveLength(0);
  });

  it("answers 500 when onNotification throws, and processes the redelivery", async () => {
    let attempts = 0;
    const { handler, errors } = receiver({
      onNotification: () => {
        attempts++;
        if (attempts === 1) throw new Error("database down");
      },
    });
    const first = await handler(delivery(processNotification()));
    expect(first.status).toBe(500);
    expect(await first.text()).not.toContain("database down");
    expect(errors).toEqual([{ error: new Error("database down"), phase: "handler" }]);
    expect((await handler(delivery(processNotification()))).status).toBe(200);
    expect((await handler(delivery(processNotification()))).status).toBe(200);
    expect(attempts).toBe(2);
  });

  it("answers 200 to a duplicate of a processed delivery without calling the handler", async () => {
    const { handler, seen } = receiver();
    expect((await handler(delivery(processNotification(1)))).status).toBe(200);
    expect((await handler(delivery(processNotification(1)))).status).toBe(200);
    expect((await handler(delivery(processNotification(2)))).status).toBe(200);
    expect(seen.map((s) => s.notification.rawBody?.processStatusID)).toEqual([1, 2]);
  });

  it("makes a copy arriving during processing wait for the outcome and answer the same", async () => {
    for (const outcome of ["resolves", "throws"] as const) {
      const hold = gate();
      let calls = 0;
      const { handler } = receiver({
        onNotification: async () => {
          calls++;
          await hold.promise;
        },
      });
      const first = handler(delivery(processNotification()));
      await eventually(() => calls === 1);
      let copyAnswered = false;
      const copy = handler(delivery(processNotification())).finally(() => {
        copyAnswered = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(copyAnswered).toBe(false);
      if (outcome === "resolves") hold.open();
      else hold.fail(new Error("boom"));
      const statuses = [(await first).status, (await copy).status];
      expect(statuses).toEqual(outcome === "resolves" ? [200, 200] : [500, 500]);
      expect(calls).toBe(1);
    }
  });

  it("keys a delivery by the id deliveryId returns", async () => {
    const { handler, seen } = receiver({
      deliveryId: (_n, request) => request.headers.get("x-id") ?? undefined,
    });
    await handler(delivery(processNotification(1), { "x-id": "a" }));
    await handler(delivery(processNotification(2), { "x-id": "a" }));
    expect(seen.map((s) => s.context.deliveryKey)).toEqual(["id:a"]);
  });

  it("processes every copy when dedupe is false", async () => {
    const { handler, seen } = receiver({ dedupe: false });
    await handler(delivery(processNotification()));
    await handler(delivery(processNotification()));
    expect(seen).toHaveLength(2);
  });

  it("answers 500 and reports a body already read by an earlier middleware", async () => {
    const { handler, seen, errors } = receiver();
    const request = delivery(processNotification());
    await request.text();
    expect((await handler(request)).status).toBe(500);
    expect(errors[0]?.error).toBeInstanceOf(BodyAlreadyReadError);
    expect(errors[0]?.phase).toBe("receiver");
    expect(seen).toHaveLength(0);
  });

  it("answers 500 without calling the handler when the dedupe store fails", async () => {
    const failing: DedupeStore = {
      ...createMemoryDedupeStore(),
      claim: () => Promise.reject(new Error("store unreachable")),
    };
    const { handler, seen, errors } = receiver({ dedupe: failing });
    expect((await handler(delivery(processNotification()))).status).toBe(500);
    expect(errors.map((e) => e.phase)).toEqual(["dedupe-store"]);
    expect(seen).toHaveLength(0);
  });

  it("still answers 200 when only recording the processed key fails, and reports it", async () => {
    const forgetful: DedupeStore = {
      ...createMemoryDedupeStore(),
      markProcessed: () => Promise.reject(new Error("store unreachable")),
    };
    const { handler, seen, errors } = receiver({ dedupe: forgetful });
    expect((await handler(delivery(processNotification()))).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(errors.map((e) => e.phase)).toEqual(["dedupe-store"]);
  });

  it("refuses unusable options with a CallbackOptionsError", () => {
    const onNotification = () => {};
    const bad: unknown[] = [
      {},
      { onNotification, maxBodyBytes: 0 },
      { onNotification, maxBodyBytes: 1.5 },
      { onNotification, acknowledge: "later" },
    ];
    for (const options of bad) {
      expect(() => createCallbackHandler(options as CallbackHandlerOptions)).toThrow(
        CallbackOptionsError,
      );
    }
  });
});
