/**
 * OpenTelemetry, when the application has `@opentelemetry/api` installed: the SDK loads it on
 * the first call (a dynamic import, never a static one, so the package stays optional and out of
 * bundles), and otherwise goes without. Only the few members used are typed here, so the SDK's
 * own types need nothing from the package.
 */
import { ConfigurationError } from "../core/errors.js";
import type { RequestSummary } from "../core/request-summary.js";
import { type CallSpan, startCallSpan } from "./call-span.js";

/** The part of an OpenTelemetry span the SDK uses. */
export interface OtelSpan {
  setAttribute(key: string, value: string | number): unknown;
  addEvent(name: string, attributes?: Record<string, string | number>): unknown;
  setStatus(status: { code: number }): unknown;
  isRecording(): boolean;
  spanContext(): unknown;
  end(): void;
}

/** The part of `@opentelemetry/api` the SDK uses. */
export interface OtelApi {
  trace: {
    getTracer(name: string): {
      startSpan(
        name: string,
        options: { kind: number; attributes: Record<string, string | number> },
      ): OtelSpan;
    };
    setSpan(context: unknown, span: OtelSpan): unknown;
    isSpanContextValid(spanContext: unknown): boolean;
    getTracerProvider(): { getDelegate?(): unknown };
  };
  ProxyTracerProvider: new () => { getDelegate(): unknown };
  context: { active(): unknown; with<T>(context: unknown, run: () => T): T };
  SpanKind: { CLIENT: number };
  SpanStatusCode: { ERROR: number };
}

/**
 * The module `name`, or undefined when it cannot be loaded. `name` is a parameter, not a literal,
 * so bundlers leave the import to run time rather than requiring the package at build time.
 */
export function importOptional(name: string): Promise<Record<string, unknown> | undefined> {
  return import(/* @vite-ignore */ name).then(
    (loaded: Record<string, unknown>) => loaded,
    () => undefined,
  );
}

let loading: Promise<OtelApi | undefined> | undefined;

/** `@opentelemetry/api`, loaded once; undefined when it is not installed. */
export function loadOpenTelemetry(): Promise<OtelApi | undefined> {
  loading ??= importOptional("@opentelemetry/api").then((loaded) => {
    if (loaded === undefined) return undefined;
    return (loaded.trace ? loaded : loaded.default) as OtelApi | undefined;
  });
  return loading;
}

/** A client's tracing: spans once `@opentelemetry/api` has loaded, none without it or when off. */
export interface Tracing {
  /** The load to wait for before the first call's span, or undefined once settled (or off). */
  pending(): Promise<void> | undefined;
  /** The span of a call to `requestUrl`, or undefined when nothing records it. */
  start(requestUrl: string, summary: RequestSummary): CallSpan | undefined;
}

/** The tracing the `tracing` option asks for: on unless `false`. */
export function createTracing(option: unknown): Tracing {
  if (option !== undefined && typeof option !== "boolean")
    throw new ConfigurationError("tracing must be true or false");
  let otel:
    | { api: OtelApi; tracer: ReturnType<OtelApi["trace"]["getTracer"]>; noop: unknown }
    | undefined;
  let loaded: Promise<void> | undefined;
  // Until the import settles, calls wait for it; after, `ready` spares them the wait.
  let ready = option === false;
  return {
    pending() {
      if (ready) return undefined;
      loaded ??= loadOpenTelemetry().then((api) => {
        // The API's no-op provider: what the global provider delegates to until an SDK registers.
        const noop = api && new api.ProxyTracerProvider().getDelegate();
        if (api) otel = { api, tracer: api.trace.getTracer("bctt-cesce-sdk"), noop };
        ready = true;
      });
      return loaded;
    },
    start(url, summary) {
      if (otel === undefined) return undefined;
      // No SDK registered: skip the span altogether (it would record nothing).
      if (otel.api.trace.getTracerProvider().getDelegate?.() === otel.noop) return undefined;
      return startCallSpan(otel.api, otel.tracer, url, summary);
    },
  };
}
