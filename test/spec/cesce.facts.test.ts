/** The bundled CESCE specs against the documented facts of the Classifications portal page. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { specPath } from "../../scripts/prism.ts";

// biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary spec JSON
type Node = Record<string, any>;
const load = (api: string) => JSON.parse(readFileSync(specPath(api), "utf8")) as Node;
const classifications = load("cesce-classifications");
const oauth = load("cesce-oauth");

describe("the CESCE Classifications spec", () => {
  it("holds the five documented operations with their exact paths, methods and names", () => {
    const operations = Object.entries(classifications.paths as Record<string, Node>).flatMap(
      ([path, item]) =>
        ["get", "post"].filter((m) => item[m]).map((m) => [m.toUpperCase(), path, item[m].summary]),
    );
    expect(operations).toEqual([
      ["GET", "/contracts/{contractNo}/classifications", "Classifications Query"],
      ["POST", "/contracts/{contractNo}/classifications", "Create Classifications"],
      [
        "POST",
        "/contracts/{contractNo}/classifications/activate-deactivate",
        "Enable/Disable Classification",
      ],
      ["POST", "/contracts/{contractNo}/classifications/cancel", "Annul Classification"],
      [
        "POST",
        "/contracts/{contractNo}/classifications/accept-deny-premium",
        "Accept Deny Premium",
      ],
    ]);
  });

  it("names the documented gateway first and the documented OAuth password flow", () => {
    expect(classifications.servers[0].url).toBe(
      "https://api-qun.eu-central-a.apiconnect.ibmappdomain.cloud/cesceapiconnect/sandbox/classifications/v1",
    );
    const { password } = classifications.components.securitySchemes.oauth2.flows;
    expect(password.tokenUrl).toBe("https://api.cesce.es/sandbox/oauth2/v1/token");
    expect(Object.keys(password.scopes)).toEqual(["create", "read", "update", "delete"]);
  });

  it("marks every schema property as inferred, since the portal published no schema", () => {
    for (const [name, schema] of Object.entries(
      classifications.components.schemas as Record<string, Node>,
    )) {
      for (const [property, definition] of Object.entries(
        (schema.properties ?? {}) as Record<string, Node>,
      )) {
        expect(definition["x-inferred"], `${name}.${property}`).toBe(true);
      }
    }
  });
});

describe("the CESCE Classifications error model (CESCE's error catalogue)", () => {
  const { responses, schemas } = classifications.components as Node;

  it("lets a 400 carry the business envelope or the gateway's body", () => {
    const body = responses.BadRequest.content["application/json"];
    expect(body.schema.oneOf).toEqual([
      { $ref: "#/components/schemas/BusinessErrorEnvelope" },
      { $ref: "#/components/schemas/GatewayError" },
    ]);
    expect(schemas.BusinessErrorEnvelope.required).toEqual(["error"]);
    const codes = Object.values(body.examples as Record<string, Node>).map(
      (e) => e.value.error?.errorCode ?? e.value.httpCode,
    );
    expect(codes).toEqual(expect.arrayContaining(["CCC001", "RAD0001", "400"]));
    for (const item of Object.values(classifications.paths as Record<string, Node>)) {
      for (const op of [item.get, item.post].filter(Boolean)) {
        expect(op.responses["400"]).toEqual({ $ref: "#/components/responses/BadRequest" });
      }
    }
  });

  it("labels a business error inside a 2xx as an inferred possibility", () => {
    for (const item of Object.values(classifications.paths as Record<string, Node>)) {
      for (const op of [item.get, item.post].filter(Boolean)) {
        const success = (op.responses["200"] ?? op.responses["201"]).content["application/json"];
        const errors = Object.values(success.examples as Record<string, Node>).filter(
          (e) => e.value.error.errorCode !== "0",
        );
        expect(errors.length, op.summary).toBeGreaterThan(0);
        for (const example of errors) expect(example["x-inferred"], op.summary).toBe(true);
      }
    }
  });

  it("documents contractNo and marks only its format as inferred", () => {
    const contractNo = classifications.components.parameters.ContractNo;
    expect(contractNo).toMatchObject({ name: "contractNo", in: "path", required: true });
    expect(contractNo["x-inferred"]).toBeUndefined();
    expect(contractNo["x-inferred-type"]).toBe(true);
  });
});

describe("the CESCE OAuth spec", () => {
  it("takes the documented form fields of the password grant at the documented host", () => {
    expect(oauth.servers[0].url).toBe("https://api.cesce.es/sandbox/oauth2/v1");
    expect(oauth.paths["/token"].post.requestBody.content).toHaveProperty([
      "application/x-www-form-urlencoded",
    ]);
    const text = JSON.stringify(oauth.components.schemas);
    for (const field of [
      "grant_type",
      "client_id",
      "client_secret",
      "scope",
      "username",
      "password",
      "refresh_token",
    ]) {
      expect(text).toContain(`"${field}"`);
    }
    for (const field of [
      "access_token",
      "token_type",
      "expires_in",
      "error",
      "error_description",
    ]) {
      expect(text).toContain(`"${field}"`);
    }
  });
});
