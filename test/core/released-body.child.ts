/**
 * Run by `released-body.test.ts` in a child process with `--expose-gc`: after 20 small calls, one
 * GET of the benchmarks' 20 MB document (bench/server.ts, in a process of its own, keeping its
 * connections alive), over node:http (argv[2] "node", the default) or the platform fetch
 * ("fetch"). Prints, as JSON, the array-buffer memory held after a full collection while the
 * parsed document is still referenced (its text lives on the heap, not in an array buffer), and
 * the length of its `content`.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { credentials } from "../../bench/loopback.ts";
import { unwrap } from "../../src/core/unwrap.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";

const via = process.argv[2] ?? "node";
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");

const serverScript = fileURLToPath(new URL("../../bench/server.ts", import.meta.url));
const server = spawn(process.execPath, ["--import", "tsx", serverScript], {
  stdio: ["pipe", "pipe", "inherit"],
});
const port = await new Promise<number>((listening) =>
  server.stdout.once("data", (line) =>
    listening((JSON.parse(String(line)) as { port: number }).port),
  ),
);
const client = createPartnersPortalClient({
  baseUrl: `http://127.0.0.1:${port}`,
  credentials,
  taxonomyCacheTtlMs: 0,
  logLevel: "off",
  ...(via === "fetch" ? { fetch: globalThis.fetch } : {}),
});
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
for (let i = 0; i < 20; i++)
  await unwrap(
    client.GET("/v1/processes/{processUniqueId}/message", {
      params: { path: { processUniqueId } },
    }),
  );
gc();
gc();
const before = process.memoryUsage().arrayBuffers;
const document = await unwrap(
  client.GET("/v1/processes/{processUniqueId}/document/{documentUniqueId}", {
    params: { path: { processUniqueId, documentUniqueId: "doc-1" } },
  }),
);
gc();
gc();
const heldBytes = process.memoryUsage().arrayBuffers - before;
const length = (document as { content?: string }).content?.length ?? -1;
process.stdout.write(`${JSON.stringify({ via, heldBytes, length })}\n`);
server.kill();
