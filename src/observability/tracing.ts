/**
 * OpenTelemetry, when the application has `@opentelemetry/api` installed: the SDK loads it on
 * the first call (a dynamic import, never a static one, so the package stays optional and out of
 * bundles), and otherwise goes without. Only the few members used are typed here, so the SDK's
 * own types need nothing from the package.
 */

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
  };
  context: { active(): unknown; with<T>(context: unknown, run: () => T): T };
  SpanKind: { CLIENT: number };
  SpanStatusCode: { ERROR: number };
}

// A variable, not a literal: bundlers then leave the import to run time instead of requiring
// the package (or failing) at build time.
const moduleName = "@opentelemetry/api";
let loading: Promise<OtelApi | undefined> | undefined;

/** `@opentelemetry/api`, loaded once; undefined when it is not installed. */
export function loadOpenTelemetry(): Promise<OtelApi | undefined> {
  loading ??= import(/* @vite-ignore */ moduleName).then(
    (loaded: { default?: OtelApi } & Partial<OtelApi>) =>
      loaded.trace ? (loaded as OtelApi) : loaded.default,
    () => undefined,
  );
  return loading;
}
