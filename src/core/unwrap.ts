/**
 * `unwrap` turns an openapi-fetch result into its data or a typed error: the one place, with the
 * paginator, where a non-2xx answer becomes an `ApiError`.
 */

import { requestSummaryOf } from "./buffered-response.js";
import { parseErrorBody } from "./error-body.js";
import { ApiError, apiErrorClassFor, type RequestSummary } from "./errors.js";

/** The shape of every openapi-fetch result. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** A 2xx whose CESCE envelope reports a business error (`error.errorCode` other than "0"). */
export class CesceEnvelopeError extends ApiError {
  override name = "CesceEnvelopeError";
  /** CESCE's code, e.g. "RAD0001". */
  readonly code: string;
  readonly description: string;

  constructor(response: Response, code: string, description: string, body: unknown) {
    const summary = description ? `${code} ${description}` : code;
    const parsed = {
      body,
      summary,
      details: [],
      validationErrors: [],
      retryAfterSeconds: undefined,
    };
    super(response.status, requestOf(response), parsed, requestIdOf(response));
    this.code = code;
    this.description = description;
  }
}

function requestOf(response: Response): RequestSummary {
  return (
    requestSummaryOf(response) ?? {
      method: "?",
      path: response.url ? new URL(response.url).pathname : "?",
    }
  );
}

function requestIdOf(response: Response): string | undefined {
  return (
    response.headers.get("x-request-id") ?? response.headers.get("x-correlation-id") ?? undefined
  );
}

/** The error `result` stands for, or undefined when it is a success. */
export function errorOf(result: FetchResult<unknown>): ApiError | undefined {
  const { response } = result;
  if (!response.ok) {
    const ErrorClass = apiErrorClassFor(response.status);
    const parsed = parseErrorBody(result.error, response.statusText);
    return new ErrorClass(response.status, requestOf(response), parsed, requestIdOf(response));
  }
  const envelope = (
    result.data as { error?: { errorCode?: unknown; errorDescription?: unknown } } | undefined
  )?.error;
  if (
    envelope &&
    typeof envelope === "object" &&
    envelope.errorCode !== undefined &&
    String(envelope.errorCode) !== "0"
  ) {
    return new CesceEnvelopeError(
      response,
      String(envelope.errorCode),
      String(envelope.errorDescription ?? ""),
      result.data,
    );
  }
  return undefined;
}

/**
 * The success data of an openapi-fetch result. Read from the result type as a whole, which costs
 * the compiler half the instantiations of matching it against `FetchResult<T>`.
 */
export type DataOf<R> = Exclude<R extends { data?: infer D } ? D : never, undefined>;

/**
 * Returns the data of a call, or throws the `ApiError` subclass its status maps to.
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
  return result.data as DataOf<R>;
}
