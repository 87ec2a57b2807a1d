/**
 * The one place an answer becomes an `ApiError`: `unwrap`, the paginator, the transport's
 * malformed-JSON check and the token client all call these.
 */
import { parseErrorBody, scalarText } from "./error-body.js";
import { type ApiError, apiErrorClassFor, CesceEnvelopeError } from "./errors.js";
import { type RequestSummary, requestIdOf, requestSummaryOf } from "./request-summary.js";

/**
 * The `ApiError` that `response` stands for: the class its status maps to, `body` (parsed JSON,
 * or text) read for a summary and details, the request id and the requested wait read from the
 * headers. `request` defaults to the one the transport recorded; `summary` replaces the one read
 * from the body, which is then kept as given (for answers the SDK itself finds wrong, such as
 * malformed JSON in a 2xx).
 */
export function apiErrorFrom(
  response: Response,
  body: unknown,
  request: RequestSummary = requestSummaryOf(response),
  summary?: string,
): ApiError {
  const parsed =
    summary === undefined
      ? parseErrorBody(body, response.statusText, response)
      : { ...parseErrorBody(undefined, response.statusText, response), body, summary };
  const ErrorClass = apiErrorClassFor(response.status);
  return new ErrorClass(response.status, request, parsed, requestIdOf(response));
}

/**
 * The business error a CESCE envelope reports (in a 2xx, or in a 400), if any: `error.errorCode`
 * present and not "0". Only scalar codes are read as text; any other value still counts as an
 * error.
 */
export function envelopeErrorOf(response: Response, data: unknown): CesceEnvelopeError | undefined {
  const envelope = (data as { error?: unknown } | null | undefined)?.error;
  if (typeof envelope !== "object" || envelope === null) return undefined;
  const { errorCode, errorDescription } = envelope as Record<string, unknown>;
  if (errorCode === undefined) return undefined;
  const code = scalarText(errorCode) ?? (errorCode === null ? "null" : "(unreadable code)");
  if (code === "0") return undefined;
  return new CesceEnvelopeError(response, code, scalarText(errorDescription) ?? "", data);
}
