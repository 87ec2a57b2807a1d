/**
 * One attempt of a request: the credentials attached, the timeout joined to the caller's signal,
 * redirects refused, and the whole body read (within `maxResponseBytes`) before it counts as a
 * response, so a connection reset mid-body is retried like any other network failure.
 */
import { hasControlCharacter } from "./config.js";
import { SdkError, TimeoutError } from "./errors.js";
import { held } from "./hold.js";
import type { RequestSummary } from "./request-summary.js";
import type { Outcome } from "./retry.js";
import { AttemptCut, type Sender } from "./send.js";
import { connectionError, RedirectError, ResponseTooLargeError } from "./transport-errors.js";

/**
 * Sets the credential headers of one attempt, from the current token (undefined on a request
 * sent without one, such as Authenticate), on the headers the attempt sends (never the request's).
 */
export type HeaderAttacher = (headers: Pick<Headers, "set">, token: string | undefined) => void;

/** The default: the token as `Authorization: Bearer <token>`. */
export const bearerAuthorization: HeaderAttacher = (headers, token) => {
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
};

export interface AttemptOptions {
  send: Sender;
  timeoutMs: number;
  maxResponseBytes: number;
  attachHeaders: HeaderAttacher;
}

/** Sends one attempt of a request and answers its outcome, or throws what ends the call. */
export type Attempt = (
  request: Request,
  token: string | undefined,
  summary: RequestSummary,
) => Promise<Outcome>;

/** Errors that end the call at once: sending again would get the same answer. */
const isFinal = (error: unknown) =>
  error instanceof RedirectError || error instanceof ResponseTooLargeError;

export function createAttempt(options: AttemptOptions): Attempt {
  const { attachHeaders, maxResponseBytes } = options;
  /** What the attempt adds to the request's headers: the credentials, or nothing at all. */
  const credentialsFor = (token: string | undefined) => {
    // The platform's own refusal would quote the header, token included.
    if (token !== undefined && hasControlCharacter(token))
      throw new SdkError("The session or access token is not a valid header value");
    if (token === undefined && attachHeaders === bearerAuthorization) return undefined;
    return (headers: Pick<Headers, "set">) => attachHeaders(headers, token);
  };

  return async function attempt(request, token, summary) {
    const attach = credentialsFor(token);
    if (request.signal.aborted) throw request.signal.reason;
    // Ended early by the timeout or by the caller's own signal; the sender says how to stop (a
    // listener is much cheaper than AbortSignal.any, and node:http needs no signal at all).
    const cut = new AttemptCut();
    const onCallerAbort = () => cut.end(request.signal.reason);
    request.signal.addEventListener("abort", onCallerAbort, { once: true });
    const timer = setTimeout(
      () => cut.end(new TimeoutError(options.timeoutMs, summary)),
      options.timeoutMs,
    );
    try {
      const tooLarge = () => new ResponseTooLargeError(maxResponseBytes, summary);
      // The body is read inside the attempt: under the timeout and the retry rules.
      const limits = { maxBytes: maxResponseBytes, tooLarge, summary };
      const { head, bytes } = await options.send(request, attach, cut, limits);
      return held(head, bytes, summary);
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason; // the caller's own abort, unchanged
      if (isFinal(error)) throw error;
      if (cut.ended) return { failure: cut.reason as TimeoutError };
      return { failure: connectionError(error, request.url, summary) };
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", onCallerAbort);
    }
  };
}
