/**
 * `unwrap` turns an openapi-fetch result into its data or a typed error: with the paginator, the
 * place where a non-2xx answer (or a CESCE envelope's business error) is thrown.
 */

import { rememberResponse } from "../observability/metadata.js";
import { apiErrorFrom, envelopeErrorOf } from "./api-error-from.js";
import type { ApiError } from "./errors.js";

/** Kept here too for imports that predate its move beside the other error classes. */
export { CesceEnvelopeError } from "./errors.js";

/** The shape of every openapi-fetch result. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The error `result` stands for, or undefined when it is a success. CESCE's error catalogue files
 * business errors under HTTP 400, so a 400's envelope code is read exactly as a 2xx's; a 400
 * without one (the gateway's own body) maps by status like any other answer.
 */
export function errorOf(result: FetchResult<unknown>): ApiError | undefined {
  const { response } = result;
  if (response.ok) return envelopeErrorOf(response, result.data);
  const envelopeError =
    response.status === 400 ? envelopeErrorOf(response, result.error) : undefined;
  return envelopeError ?? apiErrorFrom(response, result.error);
}

/**
 * The success data of an openapi-fetch result: the type of `data` in its success branch (the one
 * whose `data` is not optional), so an operation that may answer 204 No Content keeps the
 * `undefined` openapi-fetch gives it. Read from the result type as a whole, which costs the
 * compiler half the instantiations of matching it against `FetchResult<T>`.
 */
export type DataOf<R> = R extends { data: infer D } ? D : never;

/**
 * Returns the data of a call, or throws the `ApiError` subclass its status maps to. The data
 * remembers its response, as a resource method's does: `responseMetadata(data)` reads it.
 *
 * @example
 * const process = await unwrap(client.GET("/v1/processes/{processUniqueId}", { params: { path: { processUniqueId } } }));
 */
export async function unwrap<R extends { response: Response }>(
  call: Promise<R> | R,
): Promise<DataOf<R>> {
  const result = (await call) as unknown as FetchResult<DataOf<R>>;
  const error = errorOf(result);
  if (error) throw error;
  rememberResponse(result.data, result.response);
  return result.data as DataOf<R>;
}
