/**
 * `npm run conformance -- --capture-callbacks [--port N] [--out DIR]`: records what the bank
 * really POSTs to a callback URL, to check the inferred `CallbackNotification` against it.
 *
 * Listens on 127.0.0.1 (put a TLS tunnel in front of it and register the tunnel's HTTPS address
 * with Callback Update, then trigger Callback Echo or wait for real events). Every delivery is
 * answered 200, whatever it holds, and written to DIR as JSON: method, path, headers (credential
 * headers redacted), the raw body, and the problems the receiver's validator finds in it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { checkNotification } from "../src/callbacks/index.ts";

const maxBytes = 1_048_576;
const credentialHeader = /authorization|cookie|secret|token|key|signature|password/i;

/** Header values, with credentials replaced by their length (the name is what teaches). */
function redactedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    const value = req.rawHeaders[i + 1] as string;
    headers[name] = credentialHeader.test(name) ? `[redacted, ${value.length} characters]` : value;
  }
  return headers;
}

async function rawBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function problemsOf(body: string): string[] {
  try {
    return checkNotification(JSON.parse(body)).map((p) => `${p.path || "/"} ${p.message}`);
  } catch {
    return ["the body is not JSON"];
  }
}

/** Starts the recorder; resolves with its address and a function that stops it. */
export async function captureCallbacks(options: { port?: number; out: string }) {
  mkdirSync(options.out, { recursive: true });
  let count = 0;
  const server = createServer(async (req, res) => {
    const body = await rawBody(req);
    const problems = problemsOf(body);
    const file = join(
      options.out,
      `${new Date().toISOString().replaceAll(":", "-")}-${++count}.json`,
    );
    const record = { receivedAt: new Date().toISOString(), method: req.method, path: req.url };
    const headers = redactedHeaders(req);
    writeFileSync(file, `${JSON.stringify({ ...record, headers, body, problems }, null, 2)}\n`);
    console.log(
      `${req.method} ${req.url}: ${problems.length === 0 ? "✓ matches CallbackNotification" : `✖ ${problems.join("; ")}`} → ${file}`,
    );
    res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    count: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
