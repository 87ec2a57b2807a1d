/**
 * A response read whole, inside the attempt that received it, so that its body is covered by the
 * timeout and the retry rules (a reset mid-body is a network failure like any other).
 */
import { apiErrorFrom } from "./api-error-from.js";
import { type RequestSummary, rememberRequest } from "./request-summary.js";

/** Statuses whose response must not have a body (the Response constructor enforces it). */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/**
 * The received head, described for the body now held in memory: its length is known and it is no
 * longer chunked. openapi-fetch reads a body of unknown length with text() and JSON.parse of its
 * own, which would bypass `typedJsonErrors`.
 */
function bufferedInit(response: Response, body: ArrayBuffer | null): ResponseInit {
  const headers = new Headers(response.headers);
  headers.delete("transfer-encoding");
  if (body) headers.set("content-length", String(body.byteLength));
  return { status: response.status, statusText: response.statusText, headers };
}

/**
 * openapi-fetch reads a 2xx body with `response.json()`; a body that is not JSON would surface as
 * a bare SyntaxError. This makes it an `ApiError` whose message quotes the start of the body.
 */
const utf8 = new TextDecoder();

function typedJsonErrors(response: Response, request: RequestSummary, bytes: ArrayBuffer): void {
  // Parsed from the bytes already held: reading them back through the response's stream would
  // cost about as much again.
  const json = async () => {
    const text = utf8.decode(bytes);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const excerpt = text.slice(0, 200);
      const summary = `Malformed JSON in the response: ${JSON.stringify(excerpt)}`;
      throw apiErrorFrom(response, excerpt, request, summary);
    }
  };
  Object.defineProperty(response, "json", { value: json });
}

/** Reads `response`'s body and returns an equivalent response that holds it in memory. */
export async function bufferResponse(
  response: Response,
  summary: RequestSummary,
): Promise<Response> {
  const body = nullBodyStatuses.has(response.status) ? null : await response.arrayBuffer();
  const buffered = new Response(body, bufferedInit(response, body));
  rememberRequest(buffered, summary);
  if (response.ok && body) typedJsonErrors(buffered, summary, body);
  return buffered;
}
