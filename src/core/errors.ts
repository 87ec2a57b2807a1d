/**
 * The SDK's error classes. Every error the SDK throws is an `SdkError`; every non-2xx answer is
 * an `ApiError` subclass chosen by status (`apiErrorClassFor`), built by `apiErrorFrom`. None of
 * them holds a credential or a token: they are built from the response, the method and the URL
 * path only.
 */
import {
  type ErrorBody,
  type ErrorDetail,
  parseErrorBody,
  type ValidationIssue,
} from "./error-body.js";
import { type RequestSummary, requestIdOf, requestSummaryOf } from "./request-summary.js";

/** Base class of every error thrown by this SDK. */
export class SdkError extends Error {
  override name = "SdkError";
}

export type { RequestSummary };

/** A non-2xx response. `body` is the parsed JSON (or text) the API sent back. */
export class ApiError extends SdkError {
  override name = "ApiError";
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** The response body, parsed as JSON when it was JSON. */
  readonly body: unknown;
  /** The Partners Portal's `errors[]`, each six-digit code split into its parts. */
  readonly details: ErrorDetail[];
  /**
   * The server's id of the request, to quote to its support: the response's `x-request-id`,
   * `x-correlation-id` or `X-Global-Transaction-Id` (CESCE's gateway), when it sent one.
   */
  readonly requestId: string | undefined;
  /** The `correlationId` the call was sent with (Partners Portal), for the same purpose. */
  readonly correlationId: string | undefined;

  constructor(status: number, request: RequestSummary, parsed: ErrorBody, requestId?: string) {
    super(`${status} ${parsed.summary} (${request.method} ${request.path})`);
    this.status = status;
    this.method = request.method;
    this.path = request.path;
    this.body = parsed.body;
    this.details = parsed.details;
    this.requestId = requestId;
    this.correlationId = request.correlationId;
  }
}

/** 400: the request was refused; see `details` for the fields and codes. */
export class BadRequestError extends ApiError {
  override name = "BadRequestError";
}

/** The credential level the Partners Portal refused, when its 401 says so. */
export type CredentialLevel = "master" | "broker" | "user";

/** 401: missing, expired or refused credentials. */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
  /** Which level Authenticate rejected (master, broker or user), when the message names it. */
  readonly credentialLevel: CredentialLevel | undefined;

  constructor(status: number, request: RequestSummary, parsed: ErrorBody, requestId?: string) {
    super(status, request, parsed, requestId);
    const level = /\b(master|broker|user)\b/i.exec(parsed.summary)?.[1]?.toLowerCase();
    this.credentialLevel = level as CredentialLevel | undefined;
  }
}

/** 403: authenticated, but not allowed to act on this resource. */
export class PermissionDeniedError extends ApiError {
  override name = "PermissionDeniedError";
}

/** 404: the resource does not exist or belongs to another broker. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}

/** 409: the resource's state forbids the operation. */
export class ConflictError extends ApiError {
  override name = "ConflictError";
}

/** 422: the request data failed validation; see `validationErrors`. */
export class UnprocessableEntityError extends ApiError {
  override name = "UnprocessableEntityError";
  readonly validationErrors: ValidationIssue[];

  constructor(status: number, request: RequestSummary, parsed: ErrorBody, requestId?: string) {
    super(status, request, parsed, requestId);
    this.validationErrors = parsed.validationErrors;
  }
}

/**
 * 429: rate limited. `retryAfterMs` is the wait the API asked for, when it said: the
 * `Retry-After` header, else the body's `retryAfter` (the rule the retries follow too).
 */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
  readonly retryAfterMs: number | undefined;

  constructor(status: number, request: RequestSummary, parsed: ErrorBody, requestId?: string) {
    super(status, request, parsed, requestId);
    this.retryAfterMs = parsed.retryAfterMs;
  }
}

/** 5xx: the API failed. Idempotent requests were already retried before this is thrown. */
export class InternalServerError extends ApiError {
  override name = "InternalServerError";
}

/**
 * An answer whose CESCE envelope reports a business error (`error.errorCode` other than "0"):
 * a 400, as CESCE's error catalogue files them, or a 2xx, as its sibling APIs answer. `status`
 * says which.
 */
export class CesceEnvelopeError extends ApiError {
  override name = "CesceEnvelopeError";
  /** CESCE's code, e.g. "RAD0001". */
  readonly code: string;
  readonly description: string;

  constructor(response: Response, code: string, description: string, body: unknown) {
    const summary = description ? `${code} ${description}` : code;
    const parsed = { ...parseErrorBody(undefined, ""), body, summary };
    super(response.status, requestSummaryOf(response), parsed, requestIdOf(response));
    this.code = code;
    this.description = description;
  }
}

/** The request never got a response: DNS, refused or reset connection, TLS failure. */
export class ConnectionError extends SdkError {
  override name = "ConnectionError";
  /** The `correlationId` the call was sent with (Partners Portal), set by the client. */
  correlationId: string | undefined;
}

/** An attempt got no response within `timeoutMs`. */
export class TimeoutError extends SdkError {
  override name = "TimeoutError";
  readonly timeoutMs: number;
  /** The `correlationId` the call was sent with (Partners Portal). */
  correlationId: string | undefined;

  constructor(timeoutMs: number, request: RequestSummary) {
    super(`No response within ${timeoutMs} ms (${request.method} ${request.path})`);
    this.timeoutMs = timeoutMs;
    this.correlationId = request.correlationId;
  }
}

/**
 * The token endpoint refused a grant (RFC 6749 §5.2). `error` is the RFC's code, such as
 * `invalid_grant` for a wrong password or a revoked refresh token.
 */
export class OAuthError extends SdkError {
  override name = "OAuthError";
  readonly error: string;
  readonly errorDescription: string | undefined;
  readonly status: number;

  constructor(status: number, error: string, errorDescription?: string) {
    super(
      `${status} ${error}${errorDescription ? `: ${errorDescription}` : ""} (OAuth token request)`,
    );
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
  }
}

const classByStatus: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The one status → class table of the SDK. */
export function apiErrorClassFor(status: number): typeof ApiError {
  if (status >= 500) return InternalServerError;
  return classByStatus[status] ?? ApiError;
}

/**
 * An option given to a client factory cannot work (a timeout of 0, retries of -1, a credential
 * that cannot be sent in a header): thrown at creation, naming the option, never quoting a value.
 */
export class ConfigurationError extends SdkError {
  override name = "ConfigurationError";
}

/**
 * A session or token store failed (threw or rejected). The call fails; the next call asks the
 * store again. The store's own error is not attached: a cache client's error can quote the
 * command it sent, and that command held the credential.
 */
export class StoreError extends SdkError {
  override name = "StoreError";
  /** The store method that failed: "get", "set", "delete", "compareAndSet", … */
  readonly operation: string;

  constructor(store: string, operation: string, failure: unknown) {
    super(`The ${store} failed (${operation}${describeFailure(failure)})`);
    this.operation = operation;
  }
}

/** ": <name> <code>" of a store's failure, without its message (it may quote a credential). */
function describeFailure(failure: unknown): string {
  if (typeof failure !== "object" || failure === null) return "";
  const { name, code } = failure as { name?: unknown; code?: unknown };
  const parts = [
    typeof name === "string" && /^\w{1,40}$/.test(name) ? name : undefined,
    typeof code === "string" && /^[A-Z][A-Z0-9_]{0,40}$/.test(code) ? code : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? `: ${parts.join(" ")}` : "";
}
