/**
 * The `fetch` given to openapi-fetch: the only place that sends a request more than once.
 * openapi-fetch calls it exactly once per call, so re-authentication and retries live here,
 * beneath the middleware chain. Each attempt sends the request with the current token and a
 * timeout joined to the caller's signal, and reads the whole body before it counts as a success,
 * so a connection reset mid-body is retried like any other network failure.
 */
import type { Quota } from "../observability/quota.js";
import { hasControlCharacter } from "./config.js";
import { ConnectionError, SdkError, TimeoutError } from "./errors.js";
import { held, readBody } from "./hold.js";
import type { RequestSummary } from "./request-summary.js";
import { type Outcome, retryDelay, sleep } from "./retry.js";

/** A session or token that the transport attaches as `Authorization: Bearer`. */
export interface TokenSource {
  /**
   * The current token, authenticating first when there is none or it is about to lapse.
   * Rejects with `signal.reason` as soon as `signal` aborts; with it already aborted, sends nothing.
   */
  token(signal?: AbortSignal): Promise<string>;
  /**
   * The token at once, when one is at hand that `token()` would return without waiting for
   * anything (a fresh value in a synchronous store, nothing to write); otherwise undefined, and
   * the transport awaits `token()`. Saves every request on a warm client two turns of the loop.
   */
  current?(): string | undefined;
  /** Forgets `token` after the API refused it, so the next `token()` authenticates again. */
  invalidate(token: string): Promise<void>;
}

/**
 * Sets the credential headers of one attempt, from the current token (undefined on a request
 * sent without one, such as Authenticate). Called on a copy of the request's headers.
 */
export type HeaderAttacher = (headers: Headers, token: string | undefined) => void;

/** The default: the token as `Authorization: Bearer <token>`. */
export const bearerAuthorization: HeaderAttacher = (headers, token) => {
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
};

/**
 * What the SDK reports to `onEvent`. Events carry no header, token or body; those about a call
 * also carry its `operationId`, path `template` and `correlationId` when known.
 */
export type SdkEvent =
  | (RequestSummary & {
      type: "response";
      attempt: number;
      status: number;
      durationMs: number;
      /** The server's request id (`x-request-id`, `x-correlation-id`, `X-Global-Transaction-Id`). */
      requestId?: string;
    })
  | (RequestSummary & {
      type: "retry";
      attempt: number;
      delayMs: number;
      reason: string;
    })
  | (RequestSummary & { type: "reauthenticate" })
  | (RequestSummary & Quota & { type: "quota" })
  /** A request waited `waitedMs` for a slot of the client-side `rateLimit`. */
  | { type: "rate-limit-wait"; waitedMs: number }
  | {
      /**
       * A part shared through Redis (`bctt-cesce-sdk/redis`) lost Redis and works on its own
       * (`available: false`, with a one-line `reason`), or is back on the shared state.
       */
      type: "shared-state";
      part: "session" | "token" | "rate-limit";
      /** The store's or limiter's `key` (never a secret). */
      key: string;
      available: boolean;
      reason?: string;
    };

/** The request settings both clients take. */
export interface TransportSettings {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Retries of a repeatable request after network errors, 408, 429 and 5xx. @default 2 */
  maxRetries?: number;
  /** Per attempt, until the whole body has arrived. @default 30000 */
  timeoutMs?: number;
  /** Observes responses, retries and re-authentications; events carry no secret. */
  onEvent?: (event: SdkEvent) => void;
}

/** The settings with their defaults applied. */
export function transportDefaults(settings: TransportSettings) {
  return {
    fetch: settings.fetch ?? globalThis.fetch,
    maxRetries: settings.maxRetries ?? 2,
    timeoutMs: settings.timeoutMs ?? 30_000,
    ...(settings.onEvent ? { onEvent: settings.onEvent } : {}),
  };
}

export interface TransportOptions {
  /** Called once per attempt as `fetch(request, { headers, signal })`. */
  fetch: typeof fetch;
  /** Retries after the first attempt, for requests that may be sent twice. */
  maxRetries: number;
  /** Per attempt, until the whole response body has arrived. */
  timeoutMs: number;
  /** Whether a request may be sent twice (GET, PUT, DELETE and `x-idempotent` POSTs). */
  isIdempotent(request: RequestSummary): boolean;
  credentials?: TokenSource;
  /** @default bearerAuthorization */
  attachHeaders?: HeaderAttacher;
  /**
   * fetch's redirect mode. `manual` when secrets travel in headers other than `Authorization`,
   * which fetch would carry across origins on a redirect. @default fetch's own ("follow")
   */
  redirect?: RequestRedirect;
  onEvent?: (event: SdkEvent) => void;
  /**
   * Wraps each call (one transport invocation: every attempt, wait and replay): `send` runs it,
   * reporting its events, each response event with the response it describes, to `listener`.
   * The client's logging, quota and tracing live behind it (src/observability/).
   */
  observe?: CallObserver;
}

/** Reports one call's events; a response event comes with its response (headers included). */
export type CallListener = (event: SdkEvent, response?: Response) => void;

/** See `TransportOptions.observe`; `summary` may be completed (operationId, correlationId). */
export type CallObserver = (
  request: Request,
  summary: RequestSummary,
  send: (listener: CallListener | undefined) => Promise<Response>,
) => Promise<Response>;

export function createTransport(
  options: TransportOptions,
): (request: Request) => Promise<Response> {
  const { onEvent, credentials, observe } = options;
  const attachHeaders = options.attachHeaders ?? bearerAuthorization;
  const redirect = options.redirect ? { redirect: options.redirect } : {};
  /** The attempt's headers: the request's with the credentials, or none when nothing is added. */
  const headersFor = (request: Request, token: string | undefined) => {
    // The platform's own refusal would quote the header, token included.
    if (token !== undefined && hasControlCharacter(token))
      throw new SdkError("The session or access token is not a valid header value");
    if (token === undefined && attachHeaders === bearerAuthorization) return undefined;
    const headers = new Headers(request.headers);
    attachHeaders(headers, token);
    return headers;
  };
  // Events are built only when someone listens (`listener &&` before each one).
  const emit = (listener: CallListener, event: SdkEvent, response?: Response) => {
    try {
      // An async listener's rejection would be unhandled, and could end the process.
      const returned: unknown = listener(event, response);
      if (returned instanceof Promise) returned.catch(() => undefined);
    } catch {
      // A failing listener must not fail the request.
    }
  };

  async function attempt(
    request: Request,
    token: string | undefined,
    summary: RequestSummary,
  ): Promise<Outcome> {
    const headers = headersFor(request, token);
    if (request.signal.aborted) throw request.signal.reason;
    // One signal per attempt, aborted by the timeout or by the caller's own signal. A listener is
    // much cheaper than AbortSignal.any, and fetch builds the attempt's request from `request` and
    // this init itself; only a request with a body is cloned (sending consumes it).
    const attemptSignal = new AbortController();
    const onCallerAbort = () => attemptSignal.abort(request.signal.reason);
    request.signal.addEventListener("abort", onCallerAbort, { once: true });
    const timer = setTimeout(
      () => attemptSignal.abort(new TimeoutError(options.timeoutMs, summary)),
      options.timeoutMs,
    );
    try {
      const input = request.body === null ? request : request.clone();
      const signal = attemptSignal.signal;
      const init = headers ? { headers, signal, ...redirect } : { signal, ...redirect };
      const response = await options.fetch(input, init);
      // Reading the body inside the attempt puts it under the timeout and the retry rules.
      return held(response, await readBody(response), summary);
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason; // the caller's own abort, unchanged
      if (attemptSignal.signal.aborted)
        return { failure: attemptSignal.signal.reason as TimeoutError };
      return {
        failure: new ConnectionError(`Request failed (${summary.method} ${summary.path})`, {
          cause: error,
        }),
      };
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", onCallerAbort);
    }
  }

  /** The token for the next attempt: at once when the source has a fresh one at hand. */
  const tokenFor = (signal: AbortSignal) =>
    credentials === undefined ? undefined : (credentials.current?.() ?? credentials.token(signal));

  const plainListener: CallListener | undefined = onEvent && ((event) => onEvent(event));
  return function transport(request: Request): Promise<Response> {
    const summary: RequestSummary = { method: request.method, path: new URL(request.url).pathname };
    if (!observe) return send(request, summary, plainListener);
    return observe(request, summary, (listener) => send(request, summary, listener));
  };

  async function send(
    request: Request,
    summary: RequestSummary,
    listener: CallListener | undefined,
  ): Promise<Response> {
    const mayRepeat = options.isIdempotent(summary);
    let reauthenticated = false;
    for (let retry = 0; ; ) {
      const pending = tokenFor(request.signal);
      const token = typeof pending === "object" ? await pending : pending;
      const started = listener && performance.now();
      const outcome = await attempt(request, token, summary);
      if ("response" in outcome) {
        const { status } = outcome.response;
        if (listener) {
          const durationMs = performance.now() - (started ?? 0);
          const event = { type: "response", ...summary, attempt: retry + 1, status, durationMs };
          emit(listener, event as SdkEvent, outcome.response);
        }
        // A 401 means the request was not processed: renew the session once and replay it.
        if (status === 401 && token !== undefined && !reauthenticated) {
          reauthenticated = true;
          if (listener) emit(listener, { type: "reauthenticate", ...summary });
          await credentials?.invalidate(token);
          continue;
        }
      }
      const mayRetry = mayRepeat && retry < options.maxRetries;
      const delayMs = mayRetry ? retryDelay(outcome, retry) : undefined;
      if (delayMs === undefined) {
        if ("failure" in outcome) throw outcome.failure;
        return outcome.response;
      }
      if (listener) {
        const reason =
          "failure" in outcome ? outcome.failure.name : String(outcome.response.status);
        emit(listener, { type: "retry", ...summary, attempt: retry + 1, delayMs, reason });
      }
      await sleep(delayMs, request.signal);
      retry++;
    }
  }
}
