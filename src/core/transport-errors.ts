/**
 * The errors an attempt ends in when the server's answer is refused before it becomes a
 * response (a redirect, a body past `maxResponseBytes`), and the one-line description of a
 * connection failure. None of them is retried by the transport, except the connection failure,
 * and none names more of a URL than its origin, the method and the request's path.
 */
import { ConnectionError, SdkError } from "./errors.js";
import type { RequestSummary } from "./request-summary.js";

/**
 * The server answered with a redirect, which the SDK never follows: every request is sent with
 * `redirect: "manual"`, so no header, form field or token ever reaches the redirect's target.
 */
export class RedirectError extends SdkError {
  override name = "RedirectError";
  /** The 3xx status (0 where the platform hides it: a browser's opaque redirect). */
  readonly status: number;
  /** The origin the redirect pointed to (scheme, host and port only), when it said one. */
  readonly location: string | undefined;
  readonly method: string;
  readonly path: string;

  constructor(status: number, location: string | undefined, request: RequestSummary) {
    const target = location ?? "an undisclosed location";
    super(`Redirect not followed: ${status} to ${target} (${request.method} ${request.path})`);
    this.status = status;
    this.location = location;
    this.method = request.method;
    this.path = request.path;
  }
}

/** A response body (counted decoded, after gzip, deflate or br) went past `maxResponseBytes`. */
export class ResponseTooLargeError extends SdkError {
  override name = "ResponseTooLargeError";
  readonly maxResponseBytes: number;
  readonly method: string;
  readonly path: string;

  constructor(maxResponseBytes: number, request: RequestSummary) {
    super(
      `Response body larger than maxResponseBytes (${maxResponseBytes} bytes) (${request.method} ${request.path})`,
    );
    this.maxResponseBytes = maxResponseBytes;
    this.method = request.method;
    this.path = request.path;
  }
}

/** The origin of a `Location` value (resolved against the request's URL), never its path or query. */
export function originOf(location: string | null, requestUrl: string): string | undefined {
  if (location === null) return undefined;
  try {
    const url = new URL(location, requestUrl);
    // data:, javascript: and the like have no origin; their scheme is all that is said.
    return url.origin === "null" ? url.protocol : url.origin;
  } catch {
    return "an invalid location";
  }
}

const systemCode = /^[A-Z][A-Z0-9_]{1,40}$/;

/**
 * The system error code behind a failed fetch: undici puts it on `cause` (`ECONNREFUSED`,
 * `UND_ERR_SOCKET`), or on each of an `AggregateError`'s errors (one per address tried).
 */
export function systemCodeOf(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && systemCode.test(code)) return code;
  const inner = Array.isArray(errors) ? errors : [];
  for (const candidate of [cause, ...inner]) {
    const found = systemCodeOf(candidate, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `host:port` of `url`, the scheme's default port spelled out. No user info, path or query. */
function hostAndPort(url: string): string {
  const { hostname, port, protocol } = new URL(url);
  return `${hostname}:${port || (protocol === "https:" ? "443" : "80")}`;
}

/**
 * `Request failed: ECONNREFUSED 127.0.0.1:4010 (GET /v1/…)`: what failed, where, for which
 * request. The failure stays attached as `cause` (it names only addresses and codes).
 */
export function connectionError(
  failure: unknown,
  url: string,
  request: RequestSummary,
): ConnectionError {
  const code = systemCodeOf(failure);
  const where = `${code ? `${code} ` : ""}${hostAndPort(url)}`;
  return new ConnectionError(`Request failed: ${where} (${request.method} ${request.path})`, {
    cause: failure,
  });
}
