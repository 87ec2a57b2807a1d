/**
 * What the response behind a resource method's result said about itself: the status, the
 * server's request id and the call's correlation id, read with `responseMetadata(result)`.
 * Kept beside the result (a WeakMap), not on it, so the data stays exactly what the API sent.
 */
import { requestIdOf, requestSummaryOf } from "../core/request-summary.js";

/** The response a result came from, as support tickets quote it. */
export interface ResponseMetadata {
  status: number;
  /** The server's request id (`x-request-id`, `x-correlation-id`, `X-Global-Transaction-Id`). */
  requestId: string | undefined;
  /** The `correlationId` the call was sent with (Partners Portal). */
  correlationId: string | undefined;
  /** The operation called, e.g. `getProcess`. */
  operationId: string | undefined;
}

const responses = new WeakMap<object, ResponseMetadata>();

/** Records the response `data` came from (only objects and arrays can be looked up). */
export function rememberResponse(data: unknown, response: Response): void {
  if (typeof data !== "object" || data === null) return;
  const request = requestSummaryOf(response);
  responses.set(data, {
    status: response.status,
    requestId: requestIdOf(response),
    correlationId: request.correlationId,
    operationId: request.operationId,
  });
}

/**
 * The response metadata of a resource method's result (an object or array; a 204's `undefined`
 * has none), or undefined for any other value.
 *
 * @example
 * const process = await portal.processes.retrieve(processUniqueId);
 * console.log(responseMetadata(process)?.requestId);
 */
export function responseMetadata(result: unknown): ResponseMetadata | undefined {
  return typeof result === "object" && result !== null ? responses.get(result) : undefined;
}
