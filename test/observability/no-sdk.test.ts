/**
 * Tracing with `@opentelemetry/api` installed but no SDK registered costs next to nothing: no
 * span is kept and the call does not run inside a context; without the package, calls still work.
 */
import { context, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it, vi } from "vitest";
import { startCallSpan } from "../../src/observability/call-span.ts";
import {
  importOptional,
  loadOpenTelemetry,
  type OtelApi,
} from "../../src/observability/tracing.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, portalServer } from "../helpers.ts";

const summary = { method: "GET", path: "/v1/simulations", operationId: "listSimulations" };
const url = "https://api.example/v1/simulations?lineCount=5";

describe("tracing without an SDK", () => {
  it("loads @opentelemetry/api once and finds its tracer does not record", async () => {
    const api = (await loadOpenTelemetry()) as OtelApi;
    expect(await loadOpenTelemetry()).toBe(api);
    expect(api.trace).toBe(trace);
    const tracer = api.trace.getTracer("bctt-cesce-sdk");
    expect(startCallSpan(api, tracer, url, summary)).toBeUndefined();
  });

  it("sends calls outside any context when nothing records", async () => {
    const contextWith = vi.spyOn(context, "with");
    const api = portalServer(() => json([]));
    const portal = createPartnersPortalClient({
      baseUrl: "http://127.0.0.1:9",
      credentials,
      fetch: api.fetch,
    });
    await portal.taxonomy.genders();
    expect(api.requests).toHaveLength(2);
    expect(contextWith).not.toHaveBeenCalled();
    contextWith.mockRestore();
  });

  it("starts recording when an SDK registers after the client was made", async () => {
    const api = portalServer(() => json([]));
    const portal = createPartnersPortalClient({
      baseUrl: "http://127.0.0.1:9",
      credentials,
      fetch: api.fetch,
      taxonomyCacheTtlMs: 0, // each call reaches the transport
    });
    await portal.taxonomy.genders();
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    try {
      await portal.taxonomy.genders();
      expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(["getGenders"]);
    } finally {
      trace.disable();
    }
  });

  it("goes without a package that is not installed", async () => {
    expect(await importOptional("@opentelemetry/not-a-package")).toBeUndefined();
  });
});
