/**
 * Turns a response whose body the transport has read whole inside the attempt that received it
 * (into one `Uint8Array`) into a `HeldResponse`: the head described for the bytes now held, and
 * the wait a retryable answer asked for, read while its bytes are at hand. `readBody` is that
 * read for a platform (fetch) response.
 */
import { type HeldHead, heldResponse } from "./held-response.js";
import { type RequestSummary, rememberRequest } from "./request-summary.js";
import { isRetryableStatus, type Outcome, requestedDelayMs } from "./retry.js";

/** Statuses whose response must not have a body (the Response constructor enforces it). */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);
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

/** The declared length of a body the platform has not decoded, else undefined. */
function declaredLength(response: Response): number | undefined {
  if (response.headers.has("content-encoding")) return undefined; // fetch decompresses it
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  return Number.isSafeInteger(length) && length > 0 ? length : undefined;
}

/**
 * Reads `response`'s whole body into one `Uint8Array` (null for a status without a body). The
 * platform's `arrayBuffer()` joins the chunks and then copies the joined bytes once more. Here a
 * body in one chunk is that chunk, and a longer body of declared length is copied chunk by chunk,
 * as it arrives, into one buffer of that length (each chunk freed at once): a 20 MB body costs
 * 20 MB. Past `maxBytes` (counted on the decoded bytes, so a compression bomb stops there too)
 * the stream is cancelled and `tooLarge()` thrown: memory stays within about `maxBytes`.
 */
export async function readBody(
  response: Response,
  maxBytes = Number.POSITIVE_INFINITY,
  tooLarge: () => Error = () => new RangeError("response body too large"),
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (nullBodyStatuses.has(response.status)) return null;
  const declared = declaredLength(response);
  if (declared !== undefined && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array(0);
  let chunks: Uint8Array[] = [];
  let filling: Uint8Array<ArrayBuffer> | undefined;
  let filled = 0;
  let total = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    const chunk = next.value;
    total += chunk.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    const first = chunks.length === 1 ? chunks[0] : undefined;
    if (filling === undefined && declared !== undefined && first && first.byteLength <= declared) {
      filling = new Uint8Array(declared);
      filled = copy(chunks, filling);
      chunks = [];
    }
    if (filling === undefined) chunks.push(chunk);
    else if (filled + chunk.byteLength <= filling.byteLength)
      filled += copy([chunk], filling, filled);
    else {
      // More than declared (only a custom fetch could send it): keep what came, collect the rest.
      chunks = [filling.subarray(0, filled), chunk];
      filling = undefined;
    }
  }
  if (filling === undefined) return joined(chunks);
  return filled === filling.byteLength ? filling : filling.slice(0, filled);
}

/** Copies `chunks` into `target` from `offset` on, and answers how many bytes that was. */
function copy(chunks: readonly Uint8Array[], target: Uint8Array, offset = 0): number {
  let at = offset;
  for (const chunk of chunks) {
    target.set(chunk, at);
    at += chunk.byteLength;
  }
  return at - offset;
}

/** The chunks as one `Uint8Array`: the chunk itself when there is one. */
function joined(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const [only] = chunks;
  if (chunks.length === 1 && only !== undefined && isPlain(only)) return only;
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  copy(chunks, out);
  return out;
}

/** Whether `bytes` views a plain `ArrayBuffer` (not a shared one). */
const isPlain = (bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> =>
  bytes.buffer instanceof ArrayBuffer;

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
