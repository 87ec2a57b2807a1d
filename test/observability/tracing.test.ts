/**
 * OpenTelemetry: one CLIENT span per operation call, read back with the SDK's in-memory exporter;
 * an authentication the call waits for is a child span.
 */
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, portalServer, scriptedFetch, sessionTokenFor } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const processUniqueId = "3f2b8c1e-0a4d-4e6f-9b7a-1c2d3e4f5a6b";
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(() => exporter.reset());
afterAll(() => {
  trace.disable();
  context.disable();
});

const busy = () => json({ error: "Unavailable", message: "busy" }, 503, { "retry-after": "0" });
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** 503, then 401 (the session is refused once), then 503, then the process. */
function flakyPortal() {
  let calls = 0;
  return portalServer((request) => {
    if (!new URL(request.url).pathname.startsWith("/v1/processes/")) return json([]);
    calls++;
    if (calls === 1 || calls === 3) return busy();
    if (calls === 2) return json({ error: "Unauthorized", message: "expired" }, 401);
    return json({ processUniqueID: processUniqueId });
  });
}

describe("tracing", () => {
  it("makes a call retried twice and re-authenticated once one span, with its authentications as children", async () => {
    const api = flakyPortal();
    const portal = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    await portal.processes.retrieve(processUniqueId);

    const spans = exporter.getFinishedSpans();
    const call = spans.find((span) => span.name === "getProcess") as ReadableSpan;
    const children = spans.filter((span) => parentOf(span) === call.spanContext().spanId);
    expect(spans.map((span) => span.name).sort()).toEqual([
      "authenticate",
      "authenticate",
      "getProcess",
    ]);
    expect(parentOf(call)).toBeUndefined();
    expect(children.map((span) => span.name)).toEqual(["authenticate", "authenticate"]);
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes).toEqual({
      "http.request.method": "GET",
      "url.template": "/v1/processes/{processUniqueId}",
      "server.address": "127.0.0.1",
      "server.port": 9,
      "http.request.resend_count": 3,
      "http.response.status_code": 200,
    });
    expect(call.events.map((event) => [event.name, event.attributes?.reason])).toEqual([
      ["retry", "503"],
      ["reauthenticate", undefined],
      ["retry", "503"],
    ]);
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    expect(api.to(processUniqueId)).toHaveLength(4);
  });

  it("records the error type of a failed call, and no query value, header or secret", async () => {
    const api = portalServer(() => json({ error: "Not Found", message: "no" }, 404));
    const portal = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    await expect(portal.simulations.list({ lineCount: 987654 })).rejects.toThrow();

    const [, call] = exporter.getFinishedSpans();
    expect(call?.name).toBe("listSimulations");
    expect(call?.attributes["error.type"]).toBe("404");
    expect(call?.attributes["url.template"]).toBe("/v1/simulations");
    expect(call?.status.code).toBe(SpanStatusCode.ERROR);
    const recorded = JSON.stringify(
      exporter.getFinishedSpans().map((s) => [s.attributes, s.events]),
    );
    for (const secret of [...Object.values(credentials), sessionTokenFor(1), "987654"])
      expect(recorded).not.toContain(secret);
  });

  it("names a failure without a response by its error class", async () => {
    const api = scriptedFetch(() => Promise.reject(new TypeError("fetch failed")));
    const portal = createPartnersPortalClient({
      ...{ baseUrl, credentials, fetch: api.fetch },
      ...{ maxRetries: 0, logLevel: "off" },
    });
    await expect(portal.taxonomy.genders()).rejects.toThrow();
    const [authenticate] = exporter.getFinishedSpans();
    expect(authenticate?.name).toBe("authenticate");
    expect(authenticate?.attributes["error.type"]).toBe("ConnectionError");
  });

  it("names CESCE's token request and classification query after their operations", async () => {
    const api = scriptedFetch((request) =>
      request.url.endsWith("/token")
        ? json({ access_token: "access-SECRET", token_type: "Bearer", expires_in: 3600 })
        : json({ error: { errorCode: "0", errorDescription: "" }, debtor: [] }),
    );
    const cesce = createCesceClient({
      baseUrl: "http://127.0.0.1:9/classifications/v1",
      tokenUrl: "http://127.0.0.1:9/oauth2/v1/token",
      credentials: { clientId: "a", clientSecret: "b", username: "c", password: "d" },
      fetch: api.fetch,
      validateRequests: false,
    });
    await cesce.classifications.query("12345678901", { countryCode: "ES", taxCode: "B12345678" });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => [span.name, span.attributes["url.template"]])).toEqual([
      ["requestToken", "/oauth2/v1/token"],
      ["getClassifications", "/contracts/{contractNo}/classifications"],
    ]);
  });

  it("records nothing with tracing: false", async () => {
    const api = portalServer(() => json([]));
    const portal = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: api.fetch,
      tracing: false,
    });
    await portal.taxonomy.genders();
    expect(api.requests).toHaveLength(2);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
