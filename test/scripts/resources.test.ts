import { describe, expect, it } from "vitest";
import { resourceFiles } from "../../scripts/resources/emit.ts";
import type { ApiNames } from "../../scripts/resources/names.ts";
import { resourceTree } from "../../scripts/resources/tree.ts";

const ok = { description: "ok", content: { "application/json": { schema: { type: "object" } } } };
const op = (operationId: string, tag: string, extra: Record<string, unknown> = {}) => ({
  operationId,
  tags: [tag],
  summary: `${operationId} summary`,
  responses: { "200": ok },
  ...extra,
});
const queryParam = (name: string, required = false) => ({
  name,
  in: "query",
  required,
  schema: { type: "string" },
});
const jsonBody = {
  required: true,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
};

const spec = () => ({
  tags: [{ name: "Things", description: "The things." }, { name: "Lookups" }],
  paths: {
    "/v1/things": {
      get: op("listThings", "Things", { parameters: [queryParam("page")] }),
      post: op("createThing", "Things", { requestBody: jsonBody }),
    },
    "/v1/things/{thingId}": {
      parameters: [
        {
          name: "thingId",
          in: "path",
          required: true,
          description: "The thing.",
          schema: { type: "string" },
        },
      ],
      put: op("replaceThing", "Things", {
        requestBody: jsonBody,
        parameters: [queryParam("reason", true)],
        description: "Replaces it. Ends a comment: */ here.",
        "x-provenance": "inferred",
        "x-inferred-path": true,
        externalDocs: { url: "https://docs.example/things" },
      }),
    },
    "/v1/lookups/eye-colours": { get: op("getEyeColours", "Lookups") },
    "/v1/lookups/country-regions/{countryId}": { get: op("getCountryRegions", "Lookups") },
    "/v1/login": { post: op("login", "Auth") },
  },
});
const names = (): ApiNames => ({
  resources: { Things: "things", Lookups: "lookups" },
  methods: { listThings: "list", createThing: "create", replaceThing: "update" },
  namedByPath: ["Lookups"],
  internal: ["login"],
});

describe("resourceTree", () => {
  it("makes a resource per tag and a method per operation, with the arguments each takes", () => {
    const tree = resourceTree(spec(), names());
    const things = tree.children.get("things");
    expect(things?.description).toBe("The things.");
    expect(things?.methods.map((m) => [m.name, m.kind, m.pathParams.map((p) => p.name)])).toEqual([
      ["list", "query", []],
      ["create", "body", []],
      ["update", "both", ["thingId"]],
    ]);
  });

  it("names the methods of a namedByPath tag after their paths, in lowerCamelCase", () => {
    const lookups = resourceTree(spec(), names()).children.get("lookups");
    expect(lookups?.methods.map((m) => m.name)).toEqual(["eyeColours", "countryRegions"]);
  });

  it("fails when an operation has no method name", () => {
    const partial = names();
    delete (partial.methods as Record<string, string>).createThing;
    expect(() => resourceTree(spec(), partial)).toThrow(
      "createThing (POST /v1/things) has no method name in scripts/resources/names.ts",
    );
  });

  it("fails when an operation's tag has no resource, or a name matches no operation", () => {
    expect(() => resourceTree(spec(), { ...names(), internal: [] })).toThrow(
      "login (POST /v1/login): tag Auth has no resource",
    );
    const stale = { ...names(), methods: { ...names().methods, removedThing: "remove" } };
    expect(() => resourceTree(spec(), stale)).toThrow(
      "names operations the spec lacks: removedThing",
    );
  });

  it("fails when two operations would share a method name", () => {
    const clash = { ...names(), methods: { ...names().methods, createThing: "list" } };
    expect(() => resourceTree(spec(), clash)).toThrow("things.list is already taken");
  });
});

describe("resourceFiles", () => {
  const files = resourceFiles(spec(), {
    api: "things-api",
    header: "Generated.",
    prefix: "Things",
    owner: "client",
    names: names(),
  });
  const types = files["things-api.resources.ts"] as string;

  it("documents each method with its summary, provenance, inferred path and docs page", () => {
    expect(types).toContain("   * replaceThing summary: `PUT /v1/things/{thingId}`.");
    expect(types).toContain("Inferred: only its name and method are documented");
    expect(types).toContain("Its path is inferred: no source showed this URL");
    expect(types).toContain("@see https://docs.example/things");
    expect(types).toContain("@param thingId - The thing.");
    expect(types).toContain("Ends a comment: *\\/ here."); // a `*/` would end the TSDoc early
  });

  it("types the arguments and the result from the generated types, with short names", () => {
    expect(types).toContain(
      "    thingId: string,\n    request: { query: ReplaceThingQuery; body: Thing },",
    );
    expect(types).toContain(
      'type ReplaceThingQuery = NonNullable<operations["replaceThing"]["parameters"]["query"]>;',
    );
    expect(types).toContain('type Thing = components["schemas"]["Thing"];');
    expect(types).toContain(
      '): Promise<operations["replaceThing"]["responses"][200]["content"]["application/json"]>;',
    );
    expect(types).toContain("export interface ThingsLookups {");
  });

  it("writes the run-time table: HTTP method, path, argument kind and operationId per method", () => {
    expect(files["things-api.resource-table.ts"]).toContain(
      'update: ["PUT", "/v1/things/{thingId}", "both", "replaceThing"],',
    );
  });
});
