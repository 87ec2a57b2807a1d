import { describe, expect, it } from "vitest";
import { formatsFile, requestFormats } from "../../scripts/request-formats.ts";

const spec = {
  paths: {
    "/people/{nif}": {
      parameters: [{ name: "nif", in: "path", schema: { type: "string", format: "pt-nif" } }],
      get: { parameters: [{ $ref: "#/components/parameters/Country" }] },
      post: {
        requestBody: {
          content: { "application/json": { schema: { $ref: "#/components/schemas/Person" } } },
        },
      },
      delete: {},
    },
  },
  components: {
    parameters: {
      Country: { name: "tax", in: "query", schema: { type: "string", format: "es-tax-id" } },
    },
    schemas: {
      Person: {
        allOf: [{ $ref: "#/components/schemas/Named" }],
        properties: {
          email: { type: "string", format: "email" },
          accounts: { type: "array", items: { type: "string", format: "iban" } },
          home: { anyOf: [{ properties: { zip: { type: "string", format: "pt-postal-code" } } }] },
          partner: { $ref: "#/components/schemas/Person" },
        },
      },
      Named: { properties: { taxId: { type: "string", format: "pt-nif" } } },
    },
  },
};

describe("requestFormats", () => {
  it("finds checked formats in parameters and bodies, through $ref, arrays, allOf/anyOf and recursion", () => {
    expect(requestFormats(spec)).toEqual({
      "GET /people/{nif}": [
        ["path.nif", "pt-nif"],
        ["query.tax", "es-tax-id"],
      ],
      "POST /people/{nif}": [
        ["path.nif", "pt-nif"],
        ["body.accounts[]", "iban"],
        ["body.home.zip", "pt-postal-code"],
        ["body.taxId", "pt-nif"],
      ],
      "DELETE /people/{nif}": [["path.nif", "pt-nif"]],
    });
  });

  it("writes a module with an empty table when nothing is marked", () => {
    expect(formatsFile("header", { paths: {} })).toContain("requestFormats: Readonly<");
    expect(formatsFile("header", { paths: {} })).toMatch(/= \{\};\n$/);
  });
});
