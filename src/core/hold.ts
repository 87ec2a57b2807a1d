/**
 * Turns a platform response, whose body the transport has read whole inside the attempt that
 * received it (one read into one `Uint8Array`), into a `HeldResponse`: the head described for
 * the bytes now held, and the wait a retryable answer asked for, read while its bytes are at hand.
 */
import { HeldResponse } from "./held-response.js";
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
function headersFor(response: Response, bytes: Uint8Array<ArrayBuffer> | null): Headers {
  const { headers } = response;
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

/** Whether `response`'s status forbids a body (there is then nothing to read). */
export const hasNoBody = (response: Response) => nullBodyStatuses.has(response.status);

/** The attempt's outcome: `response` with `bytes`, its whole body, held in memory. */
export function held(
  response: Response,
  bytes: Uint8Array<ArrayBuffer> | null,
  summary: RequestSummary,
): Outcome {
  const answer = new HeldResponse(bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: headersFor(response, bytes),
    url: response.url,
    redirected: response.redirected,
    type: response.type,
  });
  rememberRequest(answer, summary);
  if (!isRetryableStatus(answer.status)) return { response: answer };
  // Only a 429's body is read for the wait (the Partners Portal's `retryAfter`); other statuses
  // say it in `Retry-After`, if at all.
  const requestedMs = requestedDelayMs(answer, answer.status === 429 ? bodyOf(bytes) : null);
  return requestedMs === undefined ? { response: answer } : { response: answer, requestedMs };
}
