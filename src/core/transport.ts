/**
 * The `fetch` given to openapi-fetch: the only place that sends a request more than once.
 * openapi-fetch calls it exactly once per call, so re-authentication, retries and the rate
 * limit live here, beneath the middleware chain: every attempt (a retry, the replay after a 401,
 * Authenticate itself) takes a rate-limit slot of its own, once its token is at hand.
 */
import type { Quota } from "../observability/quota.js";
import {
  type Attempt,
  bearerAuthorization,
  createAttempt,
  type HeaderAttacher,
} from "./attempt.js";
import type { RateLimiter } from "./rate-limit.js";
import type { RequestSummary } from "./request-summary.js";
import { type Outcome, retryDelay, sleep } from "./retry.js";
import type { Sender } from "./send.js";

import { defaultMaxResponseBytes, type TokenSource } from "./transport-settings.js";

export { bearerAuthorization, type HeaderAttacher } from "./attempt.js";
export {
  defaultMaxResponseBytes,
  type TokenSource,
  type TransportSettings,
  transportDefaults,
} from "./transport-settings.js";

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

export interface TransportOptions {
  /** Sends each attempt (node:http on Node.js, or `fetch`; see send.ts). */
  send: Sender;
  /** Retries after the first attempt, for requests that may be sent twice. */
  maxRetries: number;
  /** Per attempt, until the whole response body has arrived. */
  timeoutMs: number;
  /** @default defaultMaxResponseBytes */
  maxResponseBytes?: number;
  /** Whether a request may be sent twice (GET, PUT, DELETE and `x-idempotent` POSTs). */
  isIdempotent(request: RequestSummary): boolean;
  credentials?: TokenSource;
  /** @default bearerAuthorization */
  attachHeaders?: HeaderAttacher;
  /** Gives every attempt a slot, taken once its token is at hand and held until it has ended. */
  limiter?: RateLimiter;
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

/** Sends `attempt` within a slot of `limiter`: the slot is held until the body is read or the attempt failed. */
async function limited(
  limiter: RateLimiter,
  signal: AbortSignal,
  send: () => Promise<Outcome>,
): Promise<Outcome> {
  const release = await limiter.acquire(signal);
  try {
    return await send();
  } finally {
    release();
  }
}

export function createTransport(
  options: TransportOptions,
): (request: Request) => Promise<Response> {
  const { onEvent, credentials, limiter, observe } = options;
  const attempt: Attempt = createAttempt({
    send: options.send,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? defaultMaxResponseBytes,
    attachHeaders: options.attachHeaders ?? bearerAuthorization,
  });
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
      // The token first, then the slot: Authenticate takes a slot of its own, and an API call
      // holding one while it waits would starve it under a limit of 1.
      const token = typeof pending === "object" ? await pending : pending;
      const started = listener && performance.now();
      const sendOnce = () => attempt(request, token, summary);
      const outcome = await (limiter ? limited(limiter, request.signal, sendOnce) : sendOnce());
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
