/**
 * What a client does around each call (`TransportOptions.observe`): names it (operationId, path
 * template), gives it a correlation id (Partners Portal), passes its events, completed with the
 * server's request id and the rate budget, to `onEvent` and to the logger, keeps the last quota,
 * and wraps it in an OpenTelemetry span when tracing is on and the API is installed.
 */
import { ConnectionError } from "../core/errors.js";
import { requestIdOf } from "../core/request-summary.js";
import type { CallListener, CallObserver, SdkEvent } from "../core/transport.js";
import type { CallSpan } from "./call-span.js";
import { correlate } from "./correlation.js";
import { createEventLog } from "./event-log.js";
import type { Logger, LogLevel } from "./log-level.js";
import { responseLevel } from "./log-lines.js";
import type { OperationFinder } from "./operations.js";
import { type Quota, quotaOf } from "./quota.js";
import { createTracing } from "./tracing.js";

/** The logging and tracing options both clients take. */
export interface ObservabilitySettings {
  /** Receives the client's log lines: any object with `debug`, `info`, `warn` and `error`. @default console */
  logger?: Logger;
  /** Which lines are written; `BCTT_CESCE_LOG` overrides it. @default "warn" */
  logLevel?: LogLevel;
  /** A span per call when `@opentelemetry/api` is installed; `false` turns it off. @default true */
  tracing?: boolean;
}

/** What a client builds its observer from. */
export interface ObserverOptions {
  settings: ObservabilitySettings;
  onEvent?: ((event: SdkEvent) => void) | undefined;
  findOperation?: OperationFinder;
  /** Gives each call a correlation id, sent as `correlationId` (Partners Portal only). */
  correlationIds?: () => string;
  /** Values no log line may hold (the client's secret, the password). */
  credentials: readonly string[];
}

/** What both clients add: the rate budget their last response reported. */
export interface QuotaReader {
  /**
   * The `X-RateLimit-Limit`, `-Remaining` and `-Reset` the last response that had them sent, or
   * undefined before any did.
   */
  quota(): Quota | undefined;
}

/** A client's observer: the transport's hook and the last quota seen. */
export interface Observer extends QuotaReader {
  observe: CallObserver;
  /** Passes an event that belongs to no one call (a rate-limit wait) to `onEvent` and the log. */
  report(event: SdkEvent): void;
}

/**
 * The listener of one call: completes response events, reads the quota, tells the span.
 * `listened` says whether a response event reaches anyone (`onEvent`, or a log written at
 * "debug"): when not, it is neither completed nor delivered, which spares every call the three
 * header reads of its request id (about a microsecond, Node 20).
 */
function callListener(
  deliver: (event: SdkEvent) => void,
  listened: boolean,
  keepQuota: (quota: Quota) => void,
  span: CallSpan | undefined,
): CallListener {
  return (event, response) => {
    if (response !== undefined && event.type === "response") {
      if (listened) {
        const requestId = requestIdOf(response);
        if (requestId !== undefined) event.requestId = requestId;
        deliver(event);
      }
      const quota = quotaOf(response.headers);
      if (quota) {
        keepQuota(quota);
        const { method, path, operationId, template, correlationId } = event;
        deliver({ type: "quota", method, path, operationId, template, correlationId, ...quota });
      }
    } else deliver(event);
    span?.event(event);
  };
}

/** The observer of one client. */
export function createObserver(options: ObserverOptions): Observer {
  const { onEvent, findOperation, correlationIds } = options;
  const listed = findOperation?.names ?? new Set<string>();
  const log = createEventLog(options.settings, { credentials: options.credentials, listed });
  const tracing = createTracing(options.settings.tracing);
  let lastQuota: Quota | undefined;
  const keepQuota = (quota: Quota) => {
    lastQuota = quota;
  };
  const listened = onEvent !== undefined || log.writes(responseLevel);
  const deliver = (event: SdkEvent) => {
    try {
      const returned: unknown = onEvent?.(event);
      if (returned instanceof Promise) returned.catch(() => undefined);
    } catch {
      // A failing listener must not fail the request, nor keep the log from its line.
    }
    log.event(event);
  };

  const run: CallObserver = (request, summary, send) => {
    const span = tracing.start(request.url, summary);
    const listener = callListener(deliver, listened, keepQuota, span);
    const sent = span ? span.run(() => send(listener)) : send(listener);
    return sent.then(
      (response) => {
        span?.end(response.status, undefined);
        return response;
      },
      (error: unknown) => {
        if (error instanceof ConnectionError) error.correlationId ??= summary.correlationId;
        if (!request.signal.aborted) log.failure(summary, error);
        span?.end(undefined, error);
        throw error;
      },
    );
  };
  const observe: CallObserver = (request, summary, send) => {
    const operation = findOperation?.(summary.method, summary.path);
    if (operation) {
      summary.operationId = operation.operationId;
      summary.template = operation.path;
    }
    if (correlationIds) summary.correlationId = correlate(request, correlationIds);
    const pending = tracing.pending();
    return pending ? pending.then(() => run(request, summary, send)) : run(request, summary, send);
  };
  return { observe, quota: () => lastQuota, report: deliver };
}
