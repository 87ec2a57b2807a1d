/**
 * A real HTTP server on 127.0.0.1 (a free port) whose answers each test scripts, for the
 * reliability suite: the SDK runs with the real global `fetch` against it, so resets, stalls and
 * malformed bodies happen on a real socket. It records every request it receives (raw path
 * included), and a handler that throws fails the test when the server closes, instead of
 * turning into a reset the test might mistake for the fault it scripted.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server received it. */
export interface Hit {
  method: string;
  /** The request target exactly as sent (`req.url`): path and query, still percent-encoded. */
  rawUrl: string;
  /** The raw path: `rawUrl` up to its first `?`. */
  rawPath: string;
  /** The decoded pathname, for routing and counting. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Header names in the order and case they arrived. */
  headerNames: string[];
  body: string;
  /** The bearer token the request carried, or "" when none. */
  token: string;
  /** `performance.now()` when the whole request had arrived. */
  at: number;
}

export type FaultHandler = (hit: Hit, res: ServerResponse) => void | Promise<void>;

export interface FaultServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly hits: Hit[];
  /** How many requests arrived for `path` (decoded pathname, exact match). */
  count(path: string): number;
  /** Replaces the handler for the requests that arrive from now on. */
  handle(handler: FaultHandler): void;
  /** Forgets the recorded requests. */
  reset(): void;
  /** Stops the server, dropping open connections; rejects if a handler threw. */
  close(): Promise<void>;
}

const open = new Set<FaultServer>();

function rawPathOf(rawUrl: string): string {
  const query = rawUrl.indexOf("?");
  return query === -1 ? rawUrl : rawUrl.slice(0, query);
}

function decodedPath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function hitOf(req: IncomingMessage, body: string): Hit {
  const rawUrl = req.url ?? "";
  const rawPath = rawPathOf(rawUrl);
  return {
    method: req.method ?? "",
    rawUrl,
    rawPath,
    path: decodedPath(rawPath),
    query: new URL(rawUrl, "http://127.0.0.1").searchParams,
    headers: req.headers,
    headerNames: req.rawHeaders.filter((_, i) => i % 2 === 0),
    body,
    token: req.headers.authorization?.replace(/^Bearer /, "") ?? "",
    at: performance.now(),
  };
}

/** Starts a fault server; `handler` answers until `handle` replaces it. */
export async function startFaultServer(
  handler: FaultHandler = (_, res) => sendJson(res, 404, { error: "Not Found" }),
): Promise<FaultServer> {
  let current = handler;
  const hits: Hit[] = [];
  const failures: unknown[] = [];
  const server = createServer(async (req, res) => {
    try {
      const hit = hitOf(req, await readBody(req));
      hits.push(hit);
      await current(hit, res);
    } catch (error) {
      failures.push(error);
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const fault: FaultServer = {
    url: `http://127.0.0.1:${port}`,
    hits,
    count: (path) => hits.filter((hit) => hit.path === path).length,
    handle(next) {
      current = next;
    },
    reset() {
      hits.length = 0;
    },
    async close() {
      open.delete(fault);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (failures.length > 0) throw new AggregateError(failures, "a fault server handler threw");
    },
  };
  open.add(fault);
  return fault;
}

/** Closes every fault server still open: call it in `afterEach`. */
export async function closeFaultServers(): Promise<void> {
  await Promise.all([...open].map((server) => server.close()));
}

/** Answers `status` with `body` as JSON. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendText(res, status, JSON.stringify(body), { "content-type": "application/json", ...headers });
}

/** Answers `status` with `body` as is. */
export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Answers `status` with `body` in chunked transfer encoding, without a Content-Length. */
export function sendChunked(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, headers);
  const half = Math.floor(body.length / 2);
  res.write(body.slice(0, half));
  res.end(body.slice(half));
}

/**
 * Sends a 200 head that promises a long JSON body and the start of that body, then resets the
 * connection: the client has a response, and its body fails half-way.
 */
export function resetMidBody(res: ServerResponse, start = '{"messages":[{"subject":"s'): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": 10_000 });
  res.write(start, () => res.socket?.destroy());
}

/** Sends a 200 head and the start of a body, then nothing more until the connection closes. */
export function stallMidBody(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": 10_000 });
  res.write('{"processUniqueID":"');
}

/**
 * A Partners Portal: Authenticate (`POST /v1/authentication`) hands out `tokenFor(n)` for the
 * n-th authentication; `route` answers every other request.
 */
export function portal(
  route: FaultHandler,
  tokenFor: (n: number) => string = (n) => `session-token-${n}`,
): FaultHandler {
  let sessions = 0;
  return (hit, res) => {
    if (hit.path === "/v1/authentication" && hit.method === "POST") {
      return sendJson(res, 200, { sessionToken: tokenFor(++sessions) });
    }
    return route(hit, res);
  };
}

/** The Partners Portal's own 401 body. */
export const sessionExpired = { error: "Unauthorized", message: "Session expired" };
