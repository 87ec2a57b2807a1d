/**
 * `maxResponseBytes`: a body past the limit (declared, streamed without end, or decompressed from
 * a small gzip, deflate or br bomb) ends the call in `ResponseTooLargeError` as soon as the limit
 * is passed, is not retried, and the connection is dropped. Real loopback servers.
 */
import type { ServerResponse } from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { ConfigurationError } from "../../src/core/errors.ts";
import { ResponseTooLargeError } from "../../src/core/transport-errors.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { cesceCredentials, credentials } from "../helpers.ts";
import {
  closeFaultServers,
  type FaultHandler,
  type FaultServer,
  portal,
  startFaultServer,
} from "../reliability/fault-server.ts";
import { transports } from "../transports.ts";

afterEach(closeFaultServers);

/** The transport of the `describe.each` running (see test/transports.ts). */
let sendWith: { fetch?: typeof fetch } = {};

const genders = "/v1/taxonomy/genders";
const limit = 1_000_000;

const clientOn = (server: FaultServer, maxResponseBytes?: number) =>
  createPartnersPortalClient({
    baseUrl: server.url,
    credentials,
    taxonomyCacheTtlMs: 0,
    timeoutMs: 10_000,
    ...sendWith,
    ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
  });

/** A JSON array of `bytes` bytes: `[0,0,…,0]` padded with spaces. */
function jsonOfSize(bytes: number): Buffer {
  const body = Buffer.alloc(bytes, 0x20);
  body.write("[0]", 0);
  return body;
}

/** Streams `chunk` until the client goes away; `closed` resolves with the bytes written. */
function endless(chunk: Buffer) {
  let written = 0;
  let resolveClosed: (bytes: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => {
    resolveClosed = resolve;
  });
  const handler = (res: ServerResponse, headers: Record<string, string> = {}) => {
    res.writeHead(200, { "content-type": "application/json", ...headers });
    res.on("close", () => resolveClosed(written));
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) written += chunk.byteLength;
      if (!res.destroyed) res.once("drain", pump);
    };
    pump();
  };
  return { handler, closed };
}

const bombs = {
  gzip: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
} as const;

describe.each(transports)("over $name", (transport) => {
  beforeEach(() => {
    sendWith = transport.sendWith;
  });

  describe("maxResponseBytes", () => {
    it("accepts a body of exactly the limit (guard)", async () => {
      const body = jsonOfSize(limit);
      const server = await startFaultServer(portal((_, res) => void res.end(body)));
      await expect(unwrap(clientOn(server, limit).GET(genders))).resolves.toEqual([0]);
    });

    it("refuses a declared body one byte past it, at once, without retrying the GET", async () => {
      const body = jsonOfSize(limit + 1);
      const server = await startFaultServer(portal((_, res) => void res.end(body)));
      const error = await unwrap(clientOn(server, limit).GET(genders)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect((error as Error).message).toBe(
        `Response body larger than maxResponseBytes (${limit} bytes) (GET ${genders})`,
      );
      expect(server.count(genders)).toBe(1);
    });

    it("refuses a chunked body without end as soon as the limit is passed, and hangs up", async () => {
      const stream = endless(Buffer.alloc(64 * 1024, 0x20));
      const server = await startFaultServer(portal((_, res) => stream.handler(res)));
      const started = performance.now();
      const error = await unwrap(clientOn(server, limit).GET(genders)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(performance.now() - started).toBeLessThan(5_000);
      // The client dropped the connection: the server stopped within a few socket buffers.
      expect(await stream.closed).toBeLessThan(limit + 16 * 1024 * 1024);
      expect(server.count(genders)).toBe(1);
    });

    for (const [encoding, compress] of Object.entries(bombs)) {
      it(`counts decoded bytes: a ${encoding} bomb (10 MB of spaces in a few KB) is refused`, async () => {
        const bomb = compress(jsonOfSize(10_000_000));
        expect(bomb.byteLength).toBeLessThan(limit / 10);
        const handler: FaultHandler = (_, res) => {
          res.writeHead(200, {
            "content-type": "application/json",
            "content-encoding": encoding,
            "content-length": bomb.byteLength,
          });
          res.end(bomb);
        };
        const server = await startFaultServer(portal(handler));
        const error = await unwrap(clientOn(server, limit).GET(genders)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ResponseTooLargeError);
        expect(server.count(genders)).toBe(1);
      });
    }

    it("defaults to 50 MiB: a declared 52 428 801 bytes is refused before any is read", async () => {
      const server = await startFaultServer(
        portal((_, res) => {
          res.writeHead(200, { "content-type": "application/json", "content-length": 52_428_801 });
          res.write("[");
        }),
      );
      const client = createPartnersPortalClient({
        baseUrl: server.url,
        credentials,
        taxonomyCacheTtlMs: 0,
        timeoutMs: 5_000,
        maxRetries: 0,
        ...sendWith,
      });
      const error = await unwrap(client.GET(genders)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect((error as ResponseTooLargeError).maxResponseBytes).toBe(52_428_800);
    });

    it("applies to CESCE's token request too", async () => {
      const server = await startFaultServer((_, res) => void res.end(jsonOfSize(2_000)));
      const cesce = createCesceClient({
        baseUrl: `${server.url}/classifications/v1`,
        tokenUrl: `${server.url}/oauth2/v1/token`,
        credentials: cesceCredentials,
        maxResponseBytes: 1_000,
        ...sendWith,
      });
      const error = await cesce
        .GET("/contracts/{contractNo}/classifications", {
          params: { path: { contractNo: "12345678901" } },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(server.count("/oauth2/v1/token")).toBe(1);
    });

    for (const value of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "1000", null]) {
      it(`is refused at creation when it is ${String(value)}`, () => {
        const options = { maxResponseBytes: value as number };
        expect(() =>
          createPartnersPortalClient({ baseUrl: "http://127.0.0.1:9", credentials, ...options }),
        ).toThrow(
          new ConfigurationError("maxResponseBytes must be a whole number of bytes, 1 or more"),
        );
        expect(() => createCesceClient({ credentials: cesceCredentials, ...options })).toThrow(
          ConfigurationError,
        );
      });
    }
  });
});
