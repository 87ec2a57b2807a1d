/**
 * The default way to send on Node.js: `node:http` and `node:https` through their global agents
 * (keep-alive), instead of the platform `fetch`. The SDK reads every body whole before handing
 * it on, so fetch's streams, its `Request` copies and its `Response` are pure cost here: on
 * loopback this sends a small GET for about half the client CPU of `fetch` (BENCHMARKS.md,
 * figure 1). It presents the request fetch would (its default `accept`, `accept-encoding` and
 * `user-agent` when the request has none), decodes gzip, deflate and br as fetch does, never
 * follows a redirect, and stops a body past `maxBytes` as soon as it passes it.
 *
 * The modules are taken with `process.getBuiltinModule` (Node.js 20.16 and later), not imported,
 * so the root entry loads and bundles unchanged for browsers and other runtimes, which send with
 * `fetch`.
 */
import type * as Http from "node:http";
import type * as Https from "node:https";
import type { Readable, Transform } from "node:stream";
import type * as Zlib from "node:zlib";
import type { HeldHead } from "./held-response.js";
import { BodyCollector, declaredLength, nullBodyStatuses } from "./hold.js";
import type { Credentials, Received, Sender, SendLimits } from "./send.js";
import { originOf, RedirectError } from "./transport-errors.js";

interface NodeModules {
  http: typeof Http;
  https: typeof Https;
  zlib: typeof Zlib;
}

/** Node.js's built-in modules, or undefined on another runtime (a browser, Deno, Bun, a worker). */
function nodeModules(): NodeModules | undefined {
  const runtime = (globalThis as { process?: NodeJS.Process }).process;
  const versions = runtime?.versions as Record<string, string | undefined> | undefined;
  if (versions?.node === undefined || versions.bun !== undefined || versions.deno !== undefined)
    return undefined;
  const load = runtime?.getBuiltinModule;
  if (typeof load !== "function") return undefined;
  return { http: load("node:http"), https: load("node:https"), zlib: load("node:zlib") };
}

/** The headers fetch adds to a request that lacks them, so that both ways send the same request. */
const fetchDefaults: ReadonlyArray<readonly [string, string]> = [
  ["accept", "*/*"],
  ["accept-encoding", "gzip, deflate, br"],
  ["user-agent", "node"],
];

/** The request's headers as node:http takes them, the credentials set, fetch's defaults added. */
function outgoingHeaders(request: Request, credentials: Credentials, bodyLength?: number) {
  const out: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    out[name] = value;
  });
  credentials?.({
    set(name, value) {
      out[name.toLowerCase()] = value;
    },
  });
  for (const [name, value] of fetchDefaults) out[name] ??= value;
  if (bodyLength !== undefined) out["content-length"] = String(bodyLength);
  return out;
}

/** The received head as a `Headers`, repeated fields (set-cookie) kept apart. */
function headersOf(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2)
    headers.append(raw[i] as string, raw[i + 1] as string);
  return headers;
}

/** A decoder for the body's `content-encoding`, as fetch decodes it; undefined for identity. */
function decoderFor(zlib: typeof Zlib, encoding: string | null): Transform | undefined {
  const coding = encoding?.trim().toLowerCase();
  // Lenient at the end of the stream, as fetch is: a body cut short of its trailer still decodes.
  const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (coding === "gzip" || coding === "x-gzip") return zlib.createGunzip(lenient);
  if (coding === "deflate") return zlib.createInflate(lenient);
  if (coding === "br") return zlib.createBrotliDecompress();
  return undefined;
}

/** The request body's bytes (a fresh copy per attempt: reading a body consumes it). */
async function bodyOf(request: Request): Promise<Uint8Array | undefined> {
  if (request.body === null) return undefined;
  return new Uint8Array(await request.clone().arrayBuffer());
}

/**
 * Sends over node:http(s) on Node.js; undefined elsewhere. What it answers and throws is what
 * `fetchSender` does for the same exchange (a `RedirectError`, `limits.tooLarge()`, or the
 * platform's failure for the attempt to describe).
 */
export function nodeHttpSender(): Sender | undefined {
  const modules = nodeModules();
  if (modules === undefined) return undefined;
  const { http, https, zlib } = modules;

  return async function sendOverNodeHttp(request, credentials, cut, limits) {
    const body = await bodyOf(request);
    const url = new URL(request.url);
    const send = url.protocol === "https:" ? https.request : http.request;
    const headers = outgoingHeaders(request, credentials, body?.byteLength);
    return new Promise<Received>((resolve, reject) => {
      // Everything the listeners reach is let go of once the exchange has ended: a kept-alive
      // socket can keep the finished request and response, and with them their listeners'
      // scope, alive until its next use; the promise (and the body it resolved with) must not be.
      let settle: { resolve: typeof resolve; reject: typeof reject } | undefined = {
        resolve,
        reject,
      };
      let response: Http.IncomingMessage | undefined;
      let decoder: Transform | undefined;
      let collector: BodyCollector | undefined;
      const finish = () => {
        const ending = settle;
        settle = undefined;
        collector = undefined;
        return ending;
      };
      /** Ends the exchange in `error`, hanging up: the first ending counts. */
      const fail = (error: unknown) => {
        const ending = finish();
        if (ending === undefined) return;
        outgoing.destroy();
        response?.destroy();
        decoder?.destroy();
        response = undefined;
        decoder = undefined;
        ending.reject(error);
      };
      const succeed = (received: Received) => {
        response = undefined;
        decoder = undefined;
        finish()?.resolve(received);
      };
      const outgoing = send(url, { method: request.method, headers }, (received) => {
        response = received;
        const answer = receive(received, request, limits, zlib);
        if ("failure" in answer) return fail(answer.failure);
        const { head } = answer;
        if (answer.collector === undefined) {
          received.resume();
          return succeed({ head, bytes: null });
        }
        collector = answer.collector;
        decoder = answer.decoder;
        const source: Readable = decoder ? received.pipe(decoder) : received;
        source.on("data", (chunk: Uint8Array) => {
          if (collector && !collector.add(chunk)) fail(limits.tooLarge());
        });
        source.on("end", () => {
          // Less came than the head announced: the connection ended early (fetch fails it too).
          if (!received.complete) return fail(cutShort());
          if (collector) succeed({ head, bytes: collector.take() });
        });
        source.on("error", fail);
        if (decoder) received.on("error", fail);
        // Cut by the server mid-body (a reset also emits "error", with its code, first).
        received.on("close", () => {
          if (!received.complete) fail(cutShort());
        });
      });
      // Once the body is whole, a later socket error (bytes past the announced length) is moot.
      outgoing.on("error", (error) => {
        if (!response?.complete) fail(error);
      });
      cut.onEnd(fail);
      outgoing.end(body);
    });
  };
}

const cutShort = () => new Error("The connection closed before the body ended");

/**
 * What to do with a response whose head has come: refuse it (a 407, a redirect, a declared
 * length past the limit), take it without a body, or collect its body (decoded when encoded).
 */
function receive(
  response: Http.IncomingMessage,
  request: Request,
  limits: SendLimits,
  zlib: typeof Zlib,
):
  | { failure: Error }
  | { head: HeldHead; collector?: BodyCollector; decoder?: Transform | undefined } {
  const status = response.statusCode ?? 0;
  const headers = headersOf(response.rawHeaders);
  const head: HeldHead = {
    status,
    statusText: response.statusMessage ?? "",
    headers,
    url: request.url,
    redirected: false,
    type: "basic",
  };
  // Fetch ends a 407 (a proxy's, not the API's) as a network error; so does this.
  if (status === 407) return { failure: new Error("A proxy asked for authentication (407)") };
  const location = headers.get("location");
  if (status >= 300 && status < 400 && location !== null)
    return { failure: new RedirectError(status, originOf(location, request.url), limits.summary) };
  if (nullBodyStatuses.has(status) || request.method === "HEAD") return { head };
  const declared = declaredLength(headers);
  if (declared !== undefined && declared > limits.maxBytes) return { failure: limits.tooLarge() };
  const decoder = decoderFor(zlib, headers.get("content-encoding"));
  return { head, collector: new BodyCollector(limits.maxBytes, declared), decoder };
}
