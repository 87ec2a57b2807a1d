/**
 * Adapts the web-standard receiver to Node's `(req, res)` listeners: `node:http`, Express, and
 * Fastify's raw request and reply. It streams the raw body to the handler itself, so it must be
 * mounted before any body parser. It uses only the `req` and `res` objects' own methods.
 */
import { BodyAlreadyReadError } from "./errors.js";
import type { CallbackHandler } from "./options.js";
import { problemResponse } from "./responses.js";

type Listener = (...args: never[]) => void;

/** The parts of Node's `IncomingMessage` the adapter reads. */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string | undefined } | null;
  /** True when something already read the body to its end (a body parser). */
  readableEnded?: boolean;
  on(event: string, listener: Listener): unknown;
  removeListener(event: string, listener: Listener): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** The parts of Node's `ServerResponse` the adapter writes. */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: Uint8Array): unknown;
  on(event: "close", listener: () => void): unknown;
  headersSent?: boolean;
  writableFinished?: boolean;
}

/** Options of `toNodeListener`; `Req` is the framework's request type. */
export interface NodeListenerOptions<Req extends NodeRequestLike = NodeRequestLike> {
  /**
   * The sender's address, for `ipAllowlist`. Defaults to the socket's peer. Behind a trusted
   * proxy return the address it vouches for (Express: `(req) => req.ip` with `trust proxy` set).
   */
  remoteAddress?(req: Req): string | undefined;
}

/** A readable stream over `req`'s body that pauses `req` while the reader is not asking. */
function bodyStream(req: NodeRequestLike): ReadableStream<Uint8Array> {
  let onData: (chunk: Uint8Array) => void = () => {};
  let open = true;
  const close = (finish: () => void) => {
    if (open) finish();
    open = false;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (req.readableEnded) return controller.error(new BodyAlreadyReadError());
        onData = (chunk) => {
          if (!open) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) req.pause();
        };
        req.on("data", onData);
        req.on("end", () => close(() => controller.close()));
        req.on("error", (error: Error) => close(() => controller.error(error)));
      },
      pull() {
        req.resume();
      },
      cancel() {
        // Stop reading at once: the rest of the body stays unread on the socket.
        open = false;
        req.removeListener("data", onData);
        req.pause();
      },
    },
    { highWaterMark: 65_536, size: (chunk) => chunk.byteLength },
  );
}

function toRequest(req: NodeRequestLike, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(":") || value === undefined) continue; // HTTP/2 pseudo-headers
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? "GET";
  let url: URL;
  try {
    url = new URL(req.url ?? "/", "http://localhost");
  } catch {
    url = new URL("http://localhost/");
  }
  const hasBody = method !== "GET" && method !== "HEAD";
  // `duplex` is required by fetch for a streamed body, and missing from the DOM typings.
  const init = { method, headers, signal, duplex: "half" } as RequestInit;
  if (hasBody) init.body = bodyStream(req);
  return new Request(url, init);
}

async function send(res: NodeResponseLike, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = new Uint8Array(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Turns a receiver into a `(req, res)` listener. The returned promise never rejects.
 * @example
 * import { createServer } from "node:http";
 * createServer(toNodeListener(handler)).listen(8080);
 */
export function toNodeListener<Req extends NodeRequestLike = NodeRequestLike>(
  handler: CallbackHandler,
  options: NodeListenerOptions<Req> = {},
): (req: Req, res: NodeResponseLike) => Promise<void> {
  return async (req, res) => {
    const aborted = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) aborted.abort();
    });
    try {
      let request: Request;
      try {
        request = toRequest(req, aborted.signal);
      } catch {
        // A method fetch refuses to represent (TRACE, TRACK): it is not POST either.
        return await send(res, problemResponse(405, { headers: { allow: "POST" } }));
      }
      const remoteAddress = options.remoteAddress?.(req) ?? req.socket?.remoteAddress;
      await send(res, await handler(request, { remoteAddress }));
    } catch {
      // The handler answers its own errors; this is a response that could not be written.
      if (!res.headersSent) await send(res, problemResponse(500)).catch(() => {});
    }
  };
}
