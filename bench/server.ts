/**
 * The benchmarks' Partners Portal: a tiny node:http server on loopback, run as a child process so
 * that its CPU is not counted as the client's. It prints `{"port":N}` once it listens.
 *
 * - `POST /v1/authentication` answers `{ sessionToken }` and counts authentications.
 * - `GET /v1/processes/{id}/message` answers a small message list (3 messages); for the id
 *   `pagedProcessId` it serves `pageNumber`/`pageSize` pages of `pagedTotal` numbered messages,
 *   each after `pageLatencyMs`, and tracks how many of them are in flight at once.
 * - `GET /v1/taxonomy/genders` answers a two-row taxonomy.
 * - `GET /v1/processes/{id}/document/{documentId}` answers a document whose base64 `content`
 *   makes the body `largeBodyBytes` long (the memory figure).
 * - `GET /__stats` answers the counters; `POST /__reset` zeroes them.
 *
 * Every API route but Authenticate requires `Authorization: Bearer <sessionToken>` (401 otherwise),
 * so a variant that forgets the header fails instead of measuring less work. Keep-alive is on.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  largeBodyBytes,
  pagedProcessId,
  pagedTotal,
  pageLatencyMs,
  type ServerStats,
  sessionToken,
} from "./loopback.ts";

const message = (n: number) => ({
  username: "user@example.com",
  subject: `message ${n}`,
  text: "Please review the attached documents and update the process status.",
  creationDate: "2026-01-01T00:00:00Z",
});

const encode = (body: unknown) => Buffer.from(JSON.stringify(body));
const smallList = encode({ messages: [1, 2, 3].map(message), totalCount: 3, count: 3 });
const genders = encode([
  { id: 1, description: "Masculino" },
  { id: 2, description: "Feminino" },
]);
const authenticated = encode({ sessionToken });
const refused = encode({ errors: [{ code: "401000", message: "Unauthorized" }] });

function send(response: ServerResponse, status: number, body: Buffer): void {
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": body.byteLength,
  });
  response.end(body);
}

function page(url: URL): Buffer {
  const pageNumber = Number(url.searchParams.get("pageNumber") ?? 1);
  const pageSize = Number(url.searchParams.get("pageSize") ?? 20);
  const first = (pageNumber - 1) * pageSize + 1;
  const last = Math.min(pageNumber * pageSize, pagedTotal);
  const messages = [];
  for (let n = first; n <= last; n++) messages.push(message(n));
  return encode({ messages, totalCount: pagedTotal, count: messages.length });
}

/** A document of about `largeBodyBytes`: base64 of random-looking bytes, as a PDF would be. */
function largeDocument(): Buffer {
  const raw = Buffer.alloc(Math.floor((largeBodyBytes * 3) / 4));
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return encode({ fileName: "esis.pdf", title: "ESIS", content: raw.toString("base64") });
}
let document: Buffer | undefined;
const documentPath = /^\/v1\/processes\/[^/]+\/document\/[^/]+$/;

const stats: ServerStats = { authentications: 0, requests: 0, maxPagedInFlight: 0 };
let pagedInFlight = 0;
const messagePath = /^\/v1\/processes\/([^/]+)\/message$/;

const handle = (request: IncomingMessage, response: ServerResponse) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const route = `${request.method} ${url.pathname}`;
  if (route === "GET /__stats") return send(response, 200, encode(stats));
  if (route === "POST /__reset") {
    Object.assign(stats, { authentications: 0, requests: 0, maxPagedInFlight: 0 });
    return send(response, 204, Buffer.alloc(0));
  }
  stats.requests++;
  if (route === "POST /v1/authentication") {
    stats.authentications++;
    return send(response, 200, authenticated);
  }
  if (request.headers.authorization !== `Bearer ${sessionToken}`)
    return send(response, 401, refused);
  if (route === "GET /v1/taxonomy/genders") return send(response, 200, genders);
  if (request.method === "GET" && documentPath.test(url.pathname)) {
    document ??= largeDocument();
    return send(response, 200, document);
  }
  const id = request.method === "GET" ? messagePath.exec(url.pathname)?.[1] : undefined;
  if (id === undefined) return send(response, 404, encode({ errors: [] }));
  if (id !== pagedProcessId) return send(response, 200, smallList);
  pagedInFlight++;
  stats.maxPagedInFlight = Math.max(stats.maxPagedInFlight, pagedInFlight);
  setTimeout(() => {
    pagedInFlight--;
    send(response, 200, page(url));
  }, pageLatencyMs);
};

const server = createServer((req, res) => {
  // Drain any request body (Authenticate has none), then answer.
  req.resume();
  req.on("end", () => handle(req, res));
});
// HTTP/1.1 keep-alive is on by default; idle sockets stay open for the whole run.
server.keepAliveTimeout = 120_000;
// 1 000 concurrent connections arrive at once in the cold-start figure: a short accept queue
// would drop SYNs and add a one-second retransmit to the measurement.
server.listen({ host: "127.0.0.1", port: 0, backlog: 4096 }, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
// The parent holds our stdin: when it exits, however it exits, the pipe closes and so do we.
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
