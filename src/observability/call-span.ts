/**
 * One operation call as one OpenTelemetry CLIENT span, named after its operationId, with the
 * stable HTTP client conventions: `http.request.method`, `url.template`, `server.address`,
 * `server.port`, `http.response.status_code`, `http.request.resend_count` and `error.type`.
 * Retries and the 401 replay are span events; an authentication the call waits for is a child
 * span, since the call runs with its span active. No header, query or body value is recorded.
 */
import type { RequestSummary } from "../core/request-summary.js";
import type { SdkEvent } from "../core/transport.js";
import type { OtelApi, OtelSpan } from "./tracing.js";

type Tracer = ReturnType<OtelApi["trace"]["getTracer"]>;

/** What the call's observer tells its span. */
export interface CallSpan {
  /** Runs `send` with the span active, so that spans started inside are its children. */
  run<T>(send: () => Promise<T>): Promise<T>;
  /** Notes a retry, a replay or a response. */
  event(event: SdkEvent): void;
  /** Ends the span with the call's outcome. */
  end(status: number | undefined, error: unknown): void;
}

type Server = { "server.address": string; "server.port": number };
// A client talks to one or two origins: each is parsed once, not on every call.
const servers = new Map<string, Server>();

/** `server.address` and `server.port` of a request URL. */
function serverOf(requestUrl: string): Server {
  const origin = requestUrl.slice(0, requestUrl.indexOf("/", requestUrl.indexOf("//") + 2));
  let server = servers.get(origin);
  if (server === undefined) {
    const url = new URL(origin);
    const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
    server = { "server.address": url.hostname, "server.port": port };
    if (servers.size >= 100) servers.clear();
    servers.set(origin, server);
  }
  return server;
}

function startAttributes(requestUrl: string, summary: RequestSummary) {
  const attributes: Record<string, string | number> = {
    "http.request.method": summary.method,
    ...serverOf(requestUrl),
  };
  if (summary.template !== undefined) attributes["url.template"] = summary.template;
  return attributes;
}

/** The call's span, or undefined when nothing records it and there is no trace to continue. */
export function startCallSpan(
  api: OtelApi,
  tracer: Tracer,
  requestUrl: string,
  summary: RequestSummary,
): CallSpan | undefined {
  const name = summary.operationId ?? summary.method;
  const attributes = startAttributes(requestUrl, summary);
  const span = tracer.startSpan(name, { kind: api.SpanKind.CLIENT, attributes });
  if (!span.isRecording()) {
    // No SDK registered (or a sampler dropped it): cheap unless a trace is to be continued.
    if (!api.trace.isSpanContextValid(span.spanContext())) return undefined;
  }
  return recordingSpan(api, span);
}

function recordingSpan(api: OtelApi, span: OtelSpan): CallSpan {
  let resends = 0;
  return {
    run: (send) => api.context.with(api.trace.setSpan(api.context.active(), span), send),
    event(event) {
      // Each retry and the 401 replay send the request once more.
      if (event.type === "retry") {
        resends++;
        span.addEvent("retry", { attempt: event.attempt, reason: event.reason });
      } else if (event.type === "reauthenticate") {
        resends++;
        span.addEvent("reauthenticate");
      }
    },
    end(status, error) {
      if (resends > 0) span.setAttribute("http.request.resend_count", resends);
      if (status !== undefined) span.setAttribute("http.response.status_code", status);
      const failed = status !== undefined && status >= 400;
      const errorType =
        error !== undefined ? errorName(error) : failed ? String(status) : undefined;
      if (errorType !== undefined) {
        span.setAttribute("error.type", errorType);
        span.setStatus({ code: api.SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}

/** A thrown error's class name (`TimeoutError`, `AbortError`…), else the conventions' `_OTHER`. */
function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && /^\w{1,60}$/.test(name) ? name : "_OTHER";
}
