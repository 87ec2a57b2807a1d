/**
 * What the response behind a resource method's or `unwrap`'s result said about itself: the status, the
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

/*
 * Each result is kept with its response until its metadata is first read, then with the
 * metadata (letting go of the response): reading the headers on every call would cost every
 * method call about a microsecond (three `Headers.get`, Node 20) for a lookup most results never
 * get.
 */
const responses = new WeakMap<object, Response>();
const metadata = new WeakMap<object, ResponseMetadata>();

/** Records the response `data` came from (only objects and arrays can be looked up). */
export function rememberResponse(data: unknown, response: Response): void {
  if (typeof data !== "object" || data === null) return;
  responses.set(data, response);
}

function metadataOf(response: Response): ResponseMetadata {
  const request = requestSummaryOf(response);
  return {
    status: response.status,
    requestId: requestIdOf(response),
    correlationId: request.correlationId,
    operationId: request.operationId,
  };
}

/**
 * The response metadata of a resource method's or `unwrap`'s result (an object or array; a
 * 204's `undefined` has none), or undefined for any other value.
 *
 * @example
 * const process = await portal.processes.retrieve(processUniqueId);
 * console.log(responseMetadata(process)?.requestId);
 */
export function responseMetadata(result: unknown): ResponseMetadata | undefined {
  if (typeof result !== "object" || result === null) return undefined;
  // A response not read yet is the latest (the same object may be answered twice).
  const response = responses.get(result);
  if (response === undefined) return metadata.get(result);
  const made = metadataOf(response);
  metadata.set(result, made);
  responses.delete(result);
  return made;
}
