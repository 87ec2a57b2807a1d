/**
 * Peak memory of a call whose response is far past `maxResponseBytes`: a 256 MB body (declared,
 * or chunked without a length) and a gzip bomb that inflates to 256 MB, from a loopback server in
 * a separate process, each call in a fresh child of its own. Prints a Markdown table for
 * TESTING.md.
 *
 *   node --import tsx bench/response-limit.ts
 *
 * Each child reports its peak resident set (`process.resourceUsage().maxRSS`) and its resident
 * set just before the call; the server process is not counted.
 */
import { execFileSync, fork } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const size = 256 * 1024 * 1024;
const self = fileURLToPath(import.meta.url);

/** The server: `/plain` streams `size` bytes with a Content-Length, `/bomb` a gzip of as many. */
async function serve(): Promise<void> {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const bomb = gzipSync(Buffer.alloc(size, 0x20), { level: 9 });
  const server = createServer((req, res) => {
    if (req.url === "/v1/authentication") {
      res.setHeader("content-type", "application/json");
      return res.end(JSON.stringify({ sessionToken: "session-token-1" }));
    }
    if (req.url?.startsWith("/bomb")) {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      return res.end(bomb);
    }
    // `/chunked`: the same bytes without a Content-Length, so only counting them can stop it.
    const declared = req.url?.startsWith("/chunked") ? {} : { "content-length": size };
    res.writeHead(200, { "content-type": "application/json", ...declared });
    let sent = 0;
    // Counts every chunk written, the one the socket buffered included: exactly `size` bytes.
    const pump = () => {
      let flowing = true;
      while (sent < size && !res.destroyed && flowing) {
        sent += chunk.byteLength;
        flowing = res.write(chunk);
      }
      if (sent >= size) res.end();
      else if (!res.destroyed) res.once("drain", pump);
    };
    pump();
  });
  server.listen(0, "127.0.0.1", () => {
    process.send?.({ port: (server.address() as AddressInfo).port, bombBytes: bomb.byteLength });
  });
}

/** A client: one call to `path` with `maxResponseBytes` (undefined: no limit of ours, the 2^53 one). */
async function call(port: number, path: string, maxResponseBytes: number): Promise<void> {
  const { createPartnersPortalClient } = await import("../src/partners-portal/client.ts");
  const client = createPartnersPortalClient({
    baseUrl: `http://127.0.0.1:${port}`,
    credentials: { clientId: "c", clientSecret: "s", brokerUid: "b", username: "u" },
    maxResponseBytes,
    maxRetries: 0,
    timeoutMs: 120_000,
    taxonomyCacheTtlMs: 0,
  });
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const outcome = await client.GET(path as "/v1/taxonomy/genders").then(
    () => "answered",
    (error: Error) => error.name,
  );
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${JSON.stringify({ outcome, rssBeforeMB: rssBefore / 2 ** 20, peakMB: peak / 2 ** 20, ms: performance.now() - started })}\n`,
  );
}

const mb = (n: number) => n.toFixed(0);

if (process.argv[2] === "serve") await serve();
else if (process.argv[2] === "call")
  await call(Number(process.argv[3]), process.argv[4] ?? "", Number(process.argv[5]));
else {
  const server = fork(self, ["serve"], { execArgv: ["--import", "tsx"] });
  const { port, bombBytes } = await new Promise<{ port: number; bombBytes: number }>((resolve) =>
    server.once("message", (message) => resolve(message as { port: number; bombBytes: number })),
  );
  const cases: [string, string, number][] = [
    ["256 MB body (Content-Length)", "/plain", 52_428_800],
    ["256 MB body (chunked, no length)", "/chunked", 52_428_800],
    [`256 MB gzip bomb (${(bombBytes / 1024).toFixed(0)} KB on the wire)`, "/bomb", 52_428_800],
    ["256 MB body, maxResponseBytes 1 MiB", "/plain", 1_048_576],
    ["256 MB gzip bomb, maxResponseBytes 1 MiB", "/bomb", 1_048_576],
    ["256 MB body, limit raised above it (reference)", "/plain", 2 ** 40],
  ];
  console.log("| response | outcome | RSS before | peak RSS | time |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const [label, path, limit] of cases) {
    const output = execFileSync(
      process.execPath,
      ["--import", "tsx", self, "call", String(port), path, String(limit)],
      { encoding: "utf8" },
    );
    const r = JSON.parse(output) as {
      outcome: string;
      rssBeforeMB: number;
      peakMB: number;
      ms: number;
    };
    console.log(
      `| ${label} | ${r.outcome} | ${mb(r.rssBeforeMB)} MB | ${mb(r.peakMB)} MB | ${mb(r.ms)} ms |`,
    );
  }
  server.kill();
}
