/**
 * The spec-audit's MEDIUM and LOW fixes that are facts about the specs: the API Commons guide's
 * statuses and rate-limit headers (M3, M4), formats loosened where a guess would refuse real
 * values (M1, M2, L6), the base-path and `dev` servers (M6, L5), Callback Echo's side effect (M7).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operations as portalRows } from "../../generated/partners-portal.operations.ts";
import { type ApiName, apis } from "../../scripts/apis.ts";
import { specPath } from "../../scripts/prism.ts";

// biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary spec JSON
type Node = Record<string, any>;
const load = (api: ApiName) => JSON.parse(readFileSync(specPath(api), "utf8")) as Node;
const portal = load("partners-portal");
const schemas = portal.components.schemas as Record<string, Node>;
const parameters = portal.components.parameters as Record<string, Node>;
const resolve = (node: Node): Node =>
  node.$ref
    ? (node.$ref.split("/").slice(1) as string[]).reduce((n: Node, k) => n[k], portal)
    : node;

const operations = Object.values(portal.paths as Record<string, Node>).flatMap((item) =>
  ["get", "put", "post", "delete", "patch"].filter((m) => item[m]).map((m) => item[m] as Node),
);
const bySummary = (summary: string) => operations.find((op) => op.summary === summary) as Node;

describe("the API Commons statuses and headers (M3, M4)", () => {
  it("declares 503 on every operation", () => {
    for (const op of operations) {
      expect(op.responses["503"], op.summary).toEqual({
        $ref: "#/components/responses/ServiceUnavailable",
      });
    }
  });

  it("accepts 201 on creating POSTs and 204 on DELETEs, marking the guessed 200", () => {
    const creates = ["Process Create", "Borrower Create", "Document Create", "Simulation Create"];
    for (const summary of [...creates, "Processes Message Create", "Simulations Message Create"]) {
      const { responses } = bySummary(summary);
      expect(responses["200"]["x-inferred"], summary).toBe(true);
      expect(responses["201"].content, summary).toEqual(responses["200"].content);
    }
    const deletes = operations.filter((op) => op.operationId && op.responses["204"]);
    expect(deletes.map((op) => op.summary).sort()).toEqual([
      "Borrower Delete",
      "Callback Delete",
      "Document Delete",
      "Process Cancel",
      "Simulation Cancel",
    ]);
    for (const op of deletes) expect(op.responses["204"].content, op.summary).toBeUndefined();
  });

  it("declares the X-RateLimit headers on every success response, Reset's unit marked inferred", () => {
    for (const op of operations) {
      for (const [status, response] of Object.entries(op.responses as Record<string, Node>)) {
        if (!status.startsWith("2")) continue;
        expect(Object.keys(resolve(response).headers ?? {}), `${op.summary} ${status}`).toEqual([
          "X-RateLimit-Limit",
          "X-RateLimit-Remaining",
          "X-RateLimit-Reset",
        ]);
      }
    }
    expect(portal.components.headers.RateLimitReset["x-inferred-type"]).toBe(true);
  });
});

describe("formats that would refuse real values (M1, M2, L6)", () => {
  it("accepts a borrower role as an integer code or a name", () => {
    expect(schemas.BorrowerCreateRequest?.properties.borrowerTypeId.type).toEqual([
      "integer",
      "string",
    ]);
    expect(schemas.BorrowerUpdateRequest?.properties.borrowerTypeId.type).toEqual([
      "integer",
      "string",
    ]);
    expect(schemas.BorrowerSummary?.properties.borrowerTypeID.type).toEqual(["integer", "string"]);
  });

  it("enforces no guessed id format, but keeps the reference's uuid for processes", () => {
    for (const name of ["SimulationUniqueId", "PartnerUniqueId"]) {
      expect(parameters[name]?.schema, name).toEqual(expect.objectContaining({ type: "string" }));
      expect(parameters[name]?.schema.format, name).toBeUndefined();
    }
    for (const [schema, field] of [
      ["SimulationCreateResponse", "simulationUniqueID"],
      ["SimulationDetail", "simulationUniqueID"],
      ["SimulationListItem", "simulationUniqueID"],
      ["ProcessSummary", "simulationUniqueID"],
      ["ProcessCreateRequest", "simulationUniqueId"],
    ] as const) {
      expect(schemas[schema]?.properties[field].format, `${schema}.${field}`).toBeUndefined();
    }
    for (const path of ["/v1/simulations", "/v1/processes"]) {
      for (const cursor of portal.paths[path].get.parameters.filter((p: Node) =>
        ["nextRecord", "previousRecord"].includes(p.name),
      )) {
        expect(cursor.schema.format, `${path} ${cursor.name}`).toBeUndefined();
      }
    }
    expect(parameters.ProcessUniqueId?.schema.format).toBe("uuid");
  });

  it("leaves CESCE's payment terms open beyond the six example values", () => {
    const term = load("cesce-classifications").components.schemas.PaymentTerm;
    expect(term.enum).toBeUndefined();
    expect(new RegExp(term.pattern).test("45")).toBe(true);
  });
});

describe("servers and side effects (M6, L5, M7)", () => {
  it("offers the /API/partnersPortal base path and CESCE's dev catalog after the defaults", () => {
    const urls = Object.fromEntries(
      apis.map((api) => [api, load(api).servers.map((s: Node) => s.url)]),
    );
    expect(urls["partners-portal"]).toEqual([
      "https://api-qua-portalparceiros.bancoctt.pt",
      "https://api-qua-portalparceiros.bancoctt.pt/API/partnersPortal",
    ]);
    const gateway = "https://api-qun.eu-central-a.apiconnect.ibmappdomain.cloud/cesceapiconnect";
    expect(urls["cesce-classifications"]?.[0]).toBe(`${gateway}/sandbox/classifications/v1`);
    expect(urls["cesce-classifications"]).toContain(`${gateway}/dev/classifications/v1`);
    expect(urls["cesce-oauth"]).toEqual([
      "https://api.cesce.es/sandbox/oauth2/v1",
      `${gateway}/dev/oauth2/v1`,
    ]);
  });

  it("does not retry Callback Echo, which most likely delivers a notification per call", () => {
    expect(bySummary("Callback Echo")["x-idempotent"]).toBeUndefined();
    expect(portalRows.find((row) => row.operationId === "echoCallback")?.idempotent).toBe(false);
  });
});
