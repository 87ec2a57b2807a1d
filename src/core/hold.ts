/**
 * Turns a response whose body the transport has read whole inside the attempt that received it
 * (into one `Uint8Array`) into a `HeldResponse`: the head described for the bytes now held, and
 * the wait a retryable answer asked for, read while its bytes are at hand. `BodyCollector` is
 * that read for both ways of sending, and `readBody` its loop over a fetch response.
 */
import { type HeldHead, heldResponse } from "./held-response.js";
import { type RequestSummary, rememberRequest } from "./request-summary.js";
import { isRetryableStatus, type Outcome, requestedDelayMs } from "./retry.js";

/** Statuses whose response has no body, whatever its headers say (Response enforces it). */
export const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);
const utf8 = new TextDecoder();

/**
 * The received headers, described for the body now in memory: its length is known and it is no
 * longer chunked. openapi-fetch reads a body of unknown length with text() and a JSON.parse of
 * its own, which would bypass the typed malformed-JSON error. The platform's headers are kept as
 * they are when they already say so (they are then read-only, as a fetched response's are).
 */
function headersFor(headers: Headers, bytes: Uint8Array<ArrayBuffer> | null): Headers {
  const length = bytes === null ? null : String(bytes.byteLength);
  if (headers.get("content-length") === length && !headers.has("transfer-encoding")) return headers;
  const described = new Headers(headers);
  described.delete("transfer-encoding");
  if (length !== null) described.set("content-length", length);
  return described;
}

/** The Partners Portal's 429 body field `retryAfter`, when the bytes are JSON that has one. */
function bodyOf(bytes: Uint8Array<ArrayBuffer> | null): unknown {
  try {
    return bytes === null ? null : JSON.parse(utf8.decode(bytes));
  } catch {
    return null;
  }
}

/** The declared length of a body that arrives as it is (not encoded), else undefined. */
export function declaredLength(headers: Headers): number | undefined {
  if (headers.has("content-encoding")) return undefined; // decoded: longer than declared
  const length = Number(headers.get("content-length") ?? Number.NaN);
  return Number.isSafeInteger(length) && length > 0 ? length : undefined;
}

/**
 * Collects a body's chunks within `maxBytes` (counted on the decoded bytes, so a compression
 * bomb stops there too), for both ways of sending. With a declared length, the chunks are copied
 * as they arrive into one buffer of that length, each chunk freed at once: a 20 MB body costs
 * 20 MB, where the platform's `arrayBuffer()` joins the chunks and then copies them once more.
 */
export class BodyCollector {
  #chunks: Uint8Array[] = [];
  #filling: Uint8Array<ArrayBuffer> | undefined;
  #declared: number | undefined;
  #total = 0;
  readonly #maxBytes: number;

  /** `declared`, the length the head announced, is within `maxBytes` (checked before). */
  constructor(maxBytes: number, declared: number | undefined) {
    this.#maxBytes = maxBytes;
    this.#declared = declared;
  }

  /** Takes `chunk`; false once the body has passed `maxBytes`. */
  add(chunk: Uint8Array): boolean {
    const at = this.#total;
    this.#total += chunk.byteLength;
    if (this.#total > this.#maxBytes) return false;
    // The buffer is made when bytes arrive, not when the head merely announces them.
    if (this.#declared !== undefined) {
      this.#filling = new Uint8Array(this.#declared);
      this.#declared = undefined;
    }
    const filling = this.#filling;
    if (filling !== undefined && this.#total <= filling.byteLength) filling.set(chunk, at);
    else {
      // Longer than declared: keep what came, collect the rest.
      if (filling !== undefined) this.#chunks = [filling.subarray(0, at)];
      this.#filling = undefined;
      this.#chunks.push(chunk);
    }
    return true;
  }

  /**
   * The whole body as one plain `Uint8Array` (chunks are copied, so no socket's pooled memory is
   * kept), handed over once: the collector lets go of it, since whatever holds the collector (a
   * finished response's listeners on a kept-alive socket) may outlive the call.
   */
  take(): Uint8Array<ArrayBuffer> {
    const filling = this.#filling;
    const chunks = this.#chunks;
    this.#filling = undefined;
    this.#chunks = [];
    if (filling !== undefined)
      return this.#total === filling.byteLength ? filling : filling.slice(0, this.#total);
    const out = new Uint8Array(this.#total);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  }
}

/**
 * Reads a fetch `response`'s whole body into one `Uint8Array` (null for a status without a
 * body). Past `maxBytes` the stream is cancelled and `tooLarge()` thrown: memory stays within
 * about `maxBytes`.
 */
export async function readBody(
  response: Response,
  maxBytes = Number.POSITIVE_INFINITY,
  tooLarge: () => Error = () => new RangeError("response body too large"),
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (nullBodyStatuses.has(response.status)) return null;
  const declared = declaredLength(response.headers);
  if (declared !== undefined && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array(0);
  const collector = new BodyCollector(maxBytes, declared);
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    if (!collector.add(next.value)) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
  }
  return collector.take();
}

/** The attempt's outcome: the response `head` with `bytes`, its whole body, held in memory. */
export function held(
  head: HeldHead,
  bytes: Uint8Array<ArrayBuffer> | null,
  summary: RequestSummary,
): Outcome {
  const answer = heldResponse(bytes, { ...head, headers: headersFor(head.headers, bytes) });
  rememberRequest(answer, summary);
  if (!isRetryableStatus(answer.status)) return { response: answer };
  // Only a 429's body is read for the wait (the Partners Portal's `retryAfter`); other statuses
  // say it in `Retry-After`, if at all.
  const requestedMs = requestedDelayMs(answer, answer.status === 429 ? bodyOf(bytes) : null);
  return requestedMs === undefined ? { response: answer } : { response: answer, requestedMs };
}
