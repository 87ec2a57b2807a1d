/**
 * The bundled Partners Portal spec against the facts of its documentation: the 82 operations of
 * the docs' navigation with their exact names, methods and groups, and the documented fields.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { specPath } from "../../scripts/prism.ts";

// biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary spec JSON
type Node = Record<string, any>;
const spec = JSON.parse(readFileSync(specPath("partners-portal"), "utf8")) as Node;
const methods = ["get", "put", "post", "delete", "patch"];

/** [group, operation name, method], in the order of the developer portal's navigation. */
const navigation: [string, string, string][] = [
  ["Authentication", "Authenticate", "POST"],
  ["Partners", "Callback Update", "PUT"],
  ["Partners", "Callback Delete", "DELETE"],
  ["Partners", "Callback List", "GET"],
  ["Partners", "Callback Echo", "POST"],
  ["Processes", "Process Detail", "GET"],
  ["Processes", "Process Update", "PUT"],
  ["Processes", "Process List", "GET"],
  ["Processes", "Process Create", "POST"],
  ["Processes", "Process Submit", "POST"],
  ["Processes", "Process Cancel", "DELETE"],
  ["ProcessesBorrower", "Borrower Get", "GET"],
  ["ProcessesBorrower", "Borrower Update", "PUT"],
  ["ProcessesBorrower", "Borrower Delete", "DELETE"],
  ["ProcessesBorrower", "Borrower List", "GET"],
  ["ProcessesBorrower", "Borrower Create", "POST"],
  ["ProcessesDocument", "Document Get", "GET"],
  ["ProcessesDocument", "Document Update", "PUT"],
  ["ProcessesDocument", "Document Delete", "DELETE"],
  ["ProcessesDocument", "Document List", "GET"],
  ["ProcessesDocument", "Document Create", "POST"],
  ["ProcessesESIS", "Process ESIS Get", "GET"],
  ["ProcessesESIS", "Process ESIS Email", "GET"],
  ["ProcessesMessage", "Processes Message List", "GET"],
  ["ProcessesMessage", "Processes Message Create", "POST"],
  ["ProcessesProperty", "Property List", "GET"],
  ["ProcessesProperty", "Property Update", "PUT"],
  ["Simulations", "Simulation List", "GET"],
  ["Simulations", "Simulation Create", "POST"],
  ["Simulations", "Simulation Detail", "GET"],
  ["Simulations", "Simulation Cancel", "DELETE"],
  ["Simulations", "Simulation Update", "PATCH"],
  ["Simulations", "Simulation Validate", "POST"],
  ["SimulationsESIS", "Simulation ESIS Get", "GET"],
  ["SimulationsESIS", "Simulation ESIS Email", "GET"],
  ["SimulationsMessages", "Simulations Message List", "GET"],
  ["SimulationsMessages", "Simulations Message Create", "POST"],
  ["Taxonomy", "Broker Types Get", "GET"],
  ["Taxonomy", "Broker Sub Types Get", "GET"],
  ["Taxonomy", "Broker Classifications Get", "GET"],
  ["Taxonomy", "Broker Fee Types Get", "GET"],
  ["Taxonomy", "Broker Statuses Get", "GET"],
  ["Taxonomy", "Broker IVA Regimes Get", "GET"],
  ["Taxonomy", "Broker Retention Regimes Get", "GET"],
  ["Taxonomy", "Broker Extract Periodicity Get", "GET"],
  ["Taxonomy", "Countries Get", "GET"],
  ["Taxonomy", "Country With Districts Get", "GET"],
  ["Taxonomy", "Districts Get", "GET"],
  ["Taxonomy", "Districts With Counties Get", "GET"],
  ["Taxonomy", "Counties Get", "GET"],
  ["Taxonomy", "County With Parishes Get", "GET"],
  ["Taxonomy", "Parishes Get", "GET"],
  ["Taxonomy", "Document Types Get", "GET"],
  ["Taxonomy", "Document Categories Get", "GET"],
  ["Taxonomy", "Product Purposes Get", "GET"],
  ["Taxonomy", "Loan Purposes Get", "GET"],
  ["Taxonomy", "Product Schemes Get", "GET"],
  ["Taxonomy", "Index Type Sub Categories Get", "GET"],
  ["Taxonomy", "Index Types Get", "GET"],
  ["Taxonomy", "Index Type List Mixed Get", "GET"],
  ["Taxonomy", "Fixed Fixed Period Get", "GET"],
  ["Taxonomy", "Mixed Fixed Period Get", "GET"],
  ["Taxonomy", "Bank Charge Types Get", "GET"],
  ["Taxonomy", "Property Typologies Get", "GET"],
  ["Taxonomy", "Entity Types Get", "GET"],
  ["Taxonomy", "Identification Documents Get", "GET"],
  ["Taxonomy", "Marital Statuses Get", "GET"],
  ["Taxonomy", "Matrimonial Regimes Get", "GET"],
  ["Taxonomy", "Residence Types Get", "GET"],
  ["Taxonomy", "Genders Get", "GET"],
  ["Taxonomy", "Professions Get", "GET"],
  ["Taxonomy", "Employment Contract Types Get", "GET"],
  ["Taxonomy", "Employment Situations Get", "GET"],
  ["Taxonomy", "Employment Department Positions Get", "GET"],
  ["Taxonomy", "Key Borrower Relations Get", "GET"],
  ["Taxonomy", "Proposal Cancel Reasons Get", "GET"],
  ["Taxonomy", "Proposal Reject Reasons Get", "GET"],
  ["Taxonomy", "Simulation Reject Reasons Get", "GET"],
  ["Taxonomy", "Workflow Phases Get", "GET"],
  ["Taxonomy", "Workflow States Simulation Get", "GET"],
  ["Taxonomy", "Workflow States Proposal Get", "GET"],
  ["Taxonomy", "Retrieves a paginated list of notification types", "GET"],
];

const operations = Object.entries(spec.paths as Record<string, Node>).flatMap(([path, item]) =>
  methods
    .filter((m) => item[m])
    .map((m) => ({ path, method: m.toUpperCase(), item, op: item[m] as Node })),
);
const bySummary = (summary: string) => {
  const found = operations.find((o) => o.op.summary === summary);
  if (!found) throw new Error(`no operation named ${summary}`);
  return found;
};
const resolve = (node: Node): Node =>
  typeof node.$ref === "string"
    ? (node.$ref
        .slice(2)
        .split("/")
        .reduce((n: Node, k: string) => n[k], spec) as Node)
    : node;
/** The node with every local $ref replaced by its target, for searching field names. */
const inline = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(inline);
  if (node === null || typeof node !== "object") return node;
  const target = resolve(node as Node);
  return Object.fromEntries(Object.entries(target).map(([k, v]) => [k, inline(v)]));
};
const params = (o: ReturnType<typeof bySummary>) =>
  [...(o.item.parameters ?? []), ...(o.op.parameters ?? [])].map(resolve);
const schemaOf = (node: Node) => resolve(node.content["application/json"].schema);

describe("the Partners Portal spec", () => {
  it("holds exactly the 82 operations of the docs' navigation, with their names, methods and groups", () => {
    expect(navigation).toHaveLength(82);
    const actual = operations.map((o) => [o.op.tags[0], o.op.summary, o.method]);
    expect(new Set(actual.map((row) => JSON.stringify(row)))).toEqual(
      new Set(navigation.map((row) => JSON.stringify(row))),
    );
    expect(new Set(operations.map((o) => o.op.operationId)).size).toBe(82);
  });

  it("marks the provenance of every operation and links its docs page", () => {
    for (const { op } of operations) {
      expect(["documented", "partial", "inferred"]).toContain(op["x-provenance"]);
      expect(op.externalDocs.url).toMatch(
        /^https:\/\/docs-api-qua-portalparceiros\.bancoctt\.pt\//,
      );
    }
  });

  it("names the QA server first, and Bearer auth or the API Commons' sessionToken header as security", () => {
    expect(spec.servers[0].url).toBe("https://api-qua-portalparceiros.bancoctt.pt");
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(spec.components.securitySchemes.sessionToken).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "sessionToken",
      "x-source": "api-commons",
    });
    expect(spec.security).toEqual([{ bearerAuth: [] }, { sessionToken: [] }]);
  });

  it("declares the API Commons headers as optional parameters marked with their source", () => {
    for (const { op, item, path } of operations) {
      const commons = params({ op, item, path, method: "" })
        .filter((p) => p["x-source"] === "api-commons")
        .map((p) => [p.name, p.in, p.required]);
      const expected = [
        ["correlationId", "header", false],
        ["x-client-id", "header", false],
        ["x-client-secret", "header", false],
      ];
      // "sessionToken: User session token (except auth endpoints)".
      if (op.summary !== "Authenticate") expected.push(["sessionToken", "header", false]);
      expect(new Set(commons.map((c) => JSON.stringify(c))), op.summary).toEqual(
        new Set(expected.map((c) => JSON.stringify(c))),
      );
    }
  });

  it("authenticates with the four documented headers and returns sessionToken", () => {
    const auth = bySummary("Authenticate");
    expect([auth.method, auth.path]).toEqual(["POST", "/v1/authentication"]);
    expect(auth.op.security).toEqual([]);
    const headers = params(auth).filter((p) => p.in === "header" && !p["x-source"]);
    expect(headers.map((p) => [p.name, p.required])).toEqual([
      ["xClientID", true],
      ["xClientSecret", true],
      ["xBrokerUID", true],
      ["xUsername", true],
    ]);
    expect(headers[2]?.schema.format).toBe("uuid");
    const body = schemaOf(auth.op.responses["200"]);
    expect(body.oneOf.map(resolve)[0].properties).toHaveProperty("sessionToken");
  });

  it("pages process messages with pageNumber (default 1) and pageSize (default 20)", () => {
    const list = bySummary("Processes Message List");
    expect(list.path).toBe("/v1/processes/{processUniqueId}/message");
    const query = Object.fromEntries(
      params(list)
        .filter((p) => p.in === "query")
        .map((p) => [p.name, p.schema.default]),
    );
    expect(query).toMatchObject({ pageNumber: 1, pageSize: 20 });
    const page = schemaOf(list.op.responses["200"]);
    expect(Object.keys(page.properties)).toEqual(
      expect.arrayContaining(["totalCount", "count", "messages"]),
    );
    const message = resolve(page.properties.messages.items);
    expect(Object.keys(message.properties)).toEqual([
      "username",
      "subject",
      "text",
      "creationDate",
    ]);
  });

  it("keeps the documented query parameters of Callback List, Simulation List and the ESIS operations", () => {
    const names = (summary: string) =>
      params(bySummary(summary))
        .filter((p) => p.in === "query")
        .map((p) => p.name);
    expect(names("Callback List")).toEqual(expect.arrayContaining(["offset", "limit"]));
    expect(names("Simulation List")).toEqual(
      expect.arrayContaining([
        "filterByText",
        "filterStatusLastDateFrom",
        "filterStatusLastDateTo",
        "filterSimulationStatus",
        "lineCount",
        "nextRecord",
        "previousRecord",
      ]),
    );
    expect(names("Process ESIS Get")).toContain("ignoreRules");
    expect(names("Process ESIS Email")).toEqual(
      expect.arrayContaining(["ignoreRules", "sendAddress"]),
    );
    const list = schemaOf(bySummary("Simulation List").op.responses["200"]);
    expect(Object.keys(list.properties)).toEqual(
      expect.arrayContaining(["totalRecords", "hasMoreResults"]),
    );
    expect(schemaOf(bySummary("Process ESIS Get").op.responses["200"]).properties).toHaveProperty(
      "esis",
    );
  });

  it("keeps the documented field names of processes, borrowers, documents and property, casing included", () => {
    const detail = JSON.stringify(
      inline(schemaOf(bySummary("Process Detail").op.responses["200"])),
    );
    for (const name of [
      "processUniqueID",
      "processNumber",
      "simulationUniqueID",
      "simulationNumber",
      "creationDate",
      "lastActionDate",
      "branchID",
      "branchDescription",
      "processStatusID",
      "processStatusDescription",
    ]) {
      expect(detail).toContain(`"${name}"`);
    }
    const update = resolve(
      bySummary("Process Update").op.requestBody.content["application/json"].schema,
    );
    expect(Object.keys(update.properties)).toEqual(
      expect.arrayContaining([
        "loanAmount",
        "loanDurationMonths",
        "productSchemeId",
        "loanPurposeId",
        "productPurposeId",
        "hasCrossSelling",
        "branchId",
      ]),
    );
    const document = schemaOf(bySummary("Document Get").op.responses["200"]);
    expect(Object.keys(document.properties)).toEqual(
      expect.arrayContaining(["fileName", "title", "content"]),
    );
    const property = resolve(
      bySummary("Property Update").op.requestBody.content["application/json"].schema,
    );
    expect(Object.keys(property.properties)).toEqual(
      expect.arrayContaining([
        "grossBuiltArea",
        "yearBuilt",
        "acquisitionAmount",
        "acquisitionDate",
        "address",
        "doorNumber",
        "floor",
        "districtId",
        "countyId",
        "parishId",
        "zipCode",
        "zipCodeLocal",
      ]),
    );
    const financial = spec.components.schemas.BorrowerFinancialDataCreateRequest;
    expect(Object.keys(financial.properties)).toEqual([
      "incomeWagesPensions",
      "incomeGreenReceipts",
      "incomeRents",
      "incomeOthers",
      "installmentHousingCredit",
      "installmentPersonalCredit",
      "installmentAutoLeasingCredit",
      "installmentCreditCard",
      "installmentBankOverdraft",
      "installmentOther",
      "hasSocialSecurityDebt",
    ]);
    expect(spec.components.schemas.BorrowerFinancialDataUpdateRequest.properties).toEqual(
      financial.properties,
    );
    expect(
      Object.keys(spec.components.schemas.BorrowerPersonalDataCreateRequest.properties),
    ).toEqual(
      expect.arrayContaining(["name", "birthDate", "taxId", "mobile", "email", "genderId"]),
    );
  });

  it("gives the 429 one wait: the Retry-After header's example equals the body's retryAfter", () => {
    const tooMany = spec.components.responses.TooManyRequests;
    const header = resolve(tooMany.headers["Retry-After"]);
    expect(header.example).toBe(tooMany.content["application/json"].example.retryAfter);
  });

  it("answers writes with operationStatus and 400s with the six-digit errors[] body", () => {
    const created = schemaOf(bySummary("Processes Message Create").op.responses["200"]);
    expect(resolve(created.properties.operationStatus).required).toEqual([
      "operationStatusCode",
      "operationStatusMessage",
    ]);
    for (const { op } of operations) {
      const bad = resolve(op.responses["400"]);
      const item = resolve(schemaOf(bad).properties.errors.items);
      expect(Object.keys(item.properties)).toEqual(["errorCode", "errorMessage", "errorField"]);
      expect(item.properties.errorCode.pattern).toBe("^\\d{6}$");
    }
  });
});
