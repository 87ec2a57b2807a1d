import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  BodyAlreadyReadError,
  type CallbackHandlerOptions,
  createCallbackHandler,
  ipAllowlist,
  sharedSecretHeader,
  toNodeListener,
} from "../../src/callbacks/index.ts";
import { processNotification } from "./fixtures.ts";
import { type LoopbackServer, listen } from "./node-server.ts";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<CallbackHandlerOptions> = {}) {
  const calls: unknown[] = [];
  const errors: unknown[] = [];
  const handler = createCallbackHandler({
    onNotification: (notification) => {
      calls.push(notification);
    },
    onError: (error) => errors.push(error),
    ...options,
  });
  server = await listen(toNodeListener(handler));
  return { url: server.url, calls, errors };
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

/** Sends `total` bytes in 16 KiB chunks, one per 2 ms; resolves with the status and bytes sent by then. */
function trickle(
  url: string,
  total: number,
): Promise<{ status: number; sentBeforeAnswer: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = httpRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    const timer = setInterval(() => {
      if (sent >= total) {
        clearInterval(timer);
        req.end();
        return;
      }
      req.write(Buffer.alloc(16_384, 0x20));
      sent += 16_384;
    }, 2);
    req.on("response", (res) => {
      clearInterval(timer);
      resolve({ status: res.statusCode ?? 0, sentBeforeAnswer: sent });
      res.resume();
      req.destroy();
    });
    req.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
  });
}

describe("toNodeListener", () => {
  it("gives every answer of the receiver through a real node:http server", async () => {
    let fail = false;
    const { url, calls } = await start({
      maxBodyBytes: 4096,
      authenticate: (request) => request.headers.get("x-key") !== "wrong",
      onNotification: (notification) => {
        if (fail) throw new Error("handler failed");
        calls.push(notification);
      },
    });
    const body = JSON.stringify(processNotification());
    expect((await post(url, body)).status).toBe(200);
    expect((await fetch(url)).status).toBe(405);
    expect((await post(url, body, { "content-type": "text/plain" })).status).toBe(415);
    expect((await post(url, " ".repeat(5000))).status).toBe(413);
    expect((await post(url, "{")).status).toBe(400);
    expect((await post(url, JSON.stringify({ notificationTypeID: 2 }))).status).toBe(400);
    expect((await post(url, body, { "x-key": "wrong" })).status).toBe(401);
    fail = true;
    expect((await post(url, JSON.stringify(processNotification(9)))).status).toBe(500);
    expect(calls).toHaveLength(1);
  });

  it("processes a notification once under 50 concurrent redeliveries", async () => {
    let calls = 0;
    const { url } = await start({
      onNotification: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      },
    });
    const body = JSON.stringify(processNotification());
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () => post(url, body).then((r) => r.status)),
    );
    expect(statuses).toEqual(Array(50).fill(200));
    expect(calls).toBe(1);
  });

  it("answers 500 when the handler throws, then 200 to the redelivery, which it processes", async () => {
    let attempts = 0;
    const { url } = await start({
      onNotification: () => {
        attempts++;
        if (attempts === 1) throw new Error("temporary");
      },
    });
    const body = JSON.stringify(processNotification());
    expect((await post(url, body)).status).toBe(500);
    expect((await post(url, body)).status).toBe(200);
    expect((await post(url, body)).status).toBe(200);
    expect(attempts).toBe(2);
  });

  it("answers 413 and stops reading a long body soon after maxBodyBytes", async () => {
    const { url, calls } = await start({ maxBodyBytes: 65_536 });
    const { status, sentBeforeAnswer } = await trickle(url, 8 * 1024 * 1024);
    expect(status).toBe(413);
    expect(sentBeforeAnswer).toBeLessThan(1024 * 1024);
    expect(calls).toHaveLength(0);
    // The server is still serving.
    expect((await post(url, JSON.stringify(processNotification()))).status).toBe(200);
  });

  it("passes the socket's peer address to ipAllowlist, never a forwarded header", async () => {
    const body = JSON.stringify(processNotification());
    const { url: loopback } = await start({ authenticate: ipAllowlist(["127.0.0.1"]) });
    expect((await post(loopback, body)).status).toBe(200);
    await server?.close();
    const { url: remote } = await start({ authenticate: ipAllowlist(["203.0.113.7"]) });
    const spoofed = {
      "x-forwarded-for": "203.0.113.7",
      forwarded: "for=203.0.113.7",
      "x-real-ip": "203.0.113.7",
    };
    expect((await post(remote, body, spoofed)).status).toBe(401);
  });

  it("uses the remoteAddress option for a trusted proxy's address", async () => {
    const handler = createCallbackHandler({
      authenticate: ipAllowlist(["203.0.113.7"]),
      onNotification: () => {},
    });
    server = await listen(toNodeListener(handler, { remoteAddress: () => "203.0.113.7" }));
    expect((await post(server.url, JSON.stringify(processNotification()))).status).toBe(200);
  });

  it("answers 500 and reports BodyAlreadyReadError after a body parser consumed the body", async () => {
    const errors: unknown[] = [];
    const handler = createCallbackHandler({
      onNotification: () => {},
      onError: (error) => errors.push(error),
    });
    const listener = toNodeListener(handler);
    server = await listen(async (req, res) => {
      for await (const _chunk of req); // what express.json() does before the route runs
      await listener(req, res);
    });
    const response = await post(server.url, JSON.stringify(processNotification()));
    expect(response.status).toBe(500);
    expect(errors[0]).toBeInstanceOf(BodyAlreadyReadError);
  });

  it("answers 405 to TRACE, a method fetch cannot represent", async () => {
    const { url } = await start();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, { method: "TRACE" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  it("survives a sender that disconnects mid-body", async () => {
    const { url, calls } = await start({
      authenticate: sharedSecretHeader({ header: "x-k", secrets: "k" }),
    });
    await new Promise<void>((resolve) => {
      const req = httpRequest(url, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": "1000", "x-k": "k" },
      });
      req.on("error", () => resolve());
      req.write('{"notificationTypeID":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 20);
    });
    const body = JSON.stringify(processNotification());
    expect((await post(url, body, { "x-k": "k" })).status).toBe(200);
    expect(calls).toHaveLength(1);
  });
});
