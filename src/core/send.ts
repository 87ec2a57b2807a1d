/**
 * How one attempt reaches the server: a `Sender` sends the request and answers its head and its
 * whole body, read within the limit. Two exist: node:http(s) on Node.js (node-http.ts, the
 * default there) and `fetch` (a custom `fetch` option, and every other runtime).
 */
import { type HeldHead, headOf } from "./held-response.js";
import { readBody } from "./hold.js";
import { nodeHttpSender } from "./node-http.js";
import type { RequestSummary } from "./request-summary.js";
import { originOf, RedirectError } from "./transport-errors.js";

/** A response as received: its head, and its whole body (null for a status without one). */
export interface Received {
  head: HeldHead;
  bytes: Uint8Array<ArrayBuffer> | null;
}

/** What bounds one attempt's body, and names its request. */
export interface SendLimits {
  /** The most body bytes taken, counted decoded; past it, `tooLarge()` is thrown. */
  maxBytes: number;
  tooLarge: () => Error;
  summary: RequestSummary;
}

/** Sets the attempt's credential headers on the headers it sends (undefined: none to add). */
export type Credentials = ((headers: Pick<Headers, "set">) => void) | undefined;

/**
 * How an attempt is ended before its answer is whole (its timeout, or the caller's signal): the
 * attempt calls `end(reason)`, and the sender has said, with `onEnd`, how to stop what it began.
 */
export class AttemptCut {
  ended = false;
  reason: unknown;
  #stop: ((reason: unknown) => void) | undefined;

  end(reason: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.reason = reason;
    this.#stop?.(reason);
  }

  /** Calls `stop` when the attempt ends early: at once when it already has. */
  onEnd(stop: (reason: unknown) => void): void {
    this.#stop = stop;
    if (this.ended) stop(this.reason);
  }
}

/**
 * Sends `request` once, with `credentials` set on a copy of its headers, until `cut` ends it.
 * Throws `RedirectError` for a redirect (never followed), `limits.tooLarge()` for a body past
 * the limit, or the platform's own failure (the attempt describes it).
 */
export type Sender = (
  request: Request,
  credentials: Credentials,
  cut: AttemptCut,
  limits: SendLimits,
) => Promise<Received>;

/**
 * Throws `RedirectError` for a redirect: a 3xx with a `Location`, a browser's opaque redirect, or
 * a custom fetch that followed one anyway (the credentials have then left, but the answer of
 * another origin, a token minted there among them, is still never used).
 */
function refuseRedirect(response: Response, requestUrl: string, summary: RequestSummary): void {
  const { status, type } = response;
  const location = response.headers.get("location");
  const isRedirect = status >= 300 && status < 400 && location !== null;
  const followed =
    response.redirected && originOf(response.url, requestUrl) !== originOf(requestUrl, requestUrl);
  if (!isRedirect && type !== "opaqueredirect" && !followed) return;
  response.body?.cancel().catch(() => undefined);
  const target = followed ? originOf(response.url, requestUrl) : originOf(location, requestUrl);
  throw new RedirectError(status, target, summary);
}

/** Sends with `fetch`, as `fetch(request, { headers, signal, redirect: "manual" })`. */
export function fetchSender(fetch: typeof globalThis.fetch): Sender {
  return async (request, credentials, cut, limits) => {
    const controller = new AbortController();
    cut.onEnd((reason) => controller.abort(reason));
    const { signal } = controller;
    let headers: Headers | undefined;
    if (credentials) {
      headers = new Headers(request.headers);
      credentials(headers);
    }
    // Only a request with a body is cloned: sending consumes it, and a retry sends it again.
    const input = request.body === null ? request : request.clone();
    // Never "follow": fetch would carry every header but Authorization, and a form body, along.
    const init = headers
      ? { headers, signal, redirect: "manual" as const }
      : { signal, redirect: "manual" as const };
    const response = await fetch(input, init);
    refuseRedirect(response, request.url, limits.summary);
    const bytes = await readBody(response, limits.maxBytes, limits.tooLarge);
    return { head: headOf(response), bytes };
  };
}

/** The sender for a client: `fetch` when the user gave one, else node:http on Node.js, else fetch. */
export function senderFor(fetch: typeof globalThis.fetch | undefined): Sender {
  if (fetch) return fetchSender(fetch);
  return nodeHttpSender() ?? fetchSender(globalThis.fetch);
}
