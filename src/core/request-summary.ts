/**
 * Which request a response answers, and the id to find it by in the API's logs: what an error
 * message names. A transport response knows its request; any other response (a test's, a cache
 * hit's) falls back to its URL.
 */

/** Where a failed call went: enough to find it in logs, nothing secret. */
export interface RequestSummary {
  method: string;
  /** URL path without the query string (queries can carry personal data). */
  path: string;
  /** The spec's operationId, when the request matched an operation. */
  operationId?: string;
  /** The operation's path template, e.g. `/v1/processes/{processUniqueId}`. */
  template?: string;
  /** The `correlationId` header the call was sent with (Partners Portal). */
  correlationId?: string;
}

const requestOfResponse = new WeakMap<Response, RequestSummary>();

/** Records which request `response` answers (the transport does, for every response it returns). */
export function rememberRequest(response: Response, request: RequestSummary): void {
  requestOfResponse.set(response, request);
}

/** The request `response` answers: the one recorded, else its URL's path with method "?". */
export function requestSummaryOf(response: Response): RequestSummary {
  const known = requestOfResponse.get(response);
  if (known) return known;
  return { method: "?", path: response.url ? new URL(response.url).pathname : "?" };
}

/**
 * The server's id of the request, when it sent one: `x-request-id`, `x-correlation-id`, or IBM
 * API Connect's `X-Global-Transaction-Id` (CESCE's gateway), in that order.
 */
export function requestIdOf(response: Response): string | undefined {
  const { headers } = response;
  return (
    headers.get("x-request-id") ??
    headers.get("x-correlation-id") ??
    headers.get("x-global-transaction-id") ??
    undefined
  );
}
