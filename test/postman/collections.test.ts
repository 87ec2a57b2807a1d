/**
 * What the generated Postman files promise, read from postman/ as shipped: one request per
 * operation named by its summary in its tag's folder, provenance first in each description,
 * ids derived from operation ids, and secrets only in environment variables typed "secret".
 */
import { describe, expect, it } from "vitest";
import { defaultMockPort } from "../../scripts/apis.ts";
import { operationsOf, provenanceOf } from "../../scripts/postman/collection.ts";
import { stableId } from "../../scripts/postman/ids.ts";
import { classifications, oauth, portal } from "../contract/specs.ts";
import { type Json, loadPostman } from "./newman-run.ts";

const collections = [
  { file: "partners-portal.postman_collection.json", apis: [portal] },
  { file: "cesce.postman_collection.json", apis: [oauth, classifications] },
];
const environments = ["mock", "qa"].map((name) => loadPostman(`${name}.postman_environment.json`));
const secrets = ["xClientSecret", "cesceClientSecret", "cescePassword"];

describe.each(collections)("$file", ({ file, apis }) => {
  const collection = loadPostman(file);
  const requests = (collection.item as Json[]).flatMap((folder) =>
    (folder.item as Json[]).map((item) => ({ folder: folder.name as string, item })),
  );
  const operations = apis.flatMap((api) =>
    operationsOf(api.spec).map(({ operation }) => ({ api: api.name, operation })),
  );

  it("has one request per operation, named by its summary, in a folder per tag in the spec's order", () => {
    expect(requests.map((r) => [r.folder, r.item.name])).toEqual(
      apis.flatMap((api) =>
        (api.spec.tags as Json[]).flatMap((tag) =>
          operationsOf(api.spec)
            .filter(({ operation }) => operation.tags[0] === tag.name)
            .map(({ operation }) => [tag.name, operation.summary]),
        ),
      ),
    );
  });

  it("opens each request's description with its provenance and takes its id from the operation", () => {
    for (const { api, operation } of operations) {
      const { item } = requests.find((r) => r.item.name === operation.summary) ?? {};
      expect(item?.id).toBe(stableId(`${api} ${operation.operationId}`));
      expect(item?.request.description.content).toBe(
        `${provenanceOf(operation)}\n\n${operation.description}`,
      );
    }
  });

  it("keeps the token in an empty collection variable and no credential in the collection", () => {
    const variables = Object.fromEntries(
      (collection.variable as Json[]).map((v) => [v.key, v.value]),
    );
    expect(variables.sessionToken ?? variables.accessToken).toBe("");
    const text = JSON.stringify(collection);
    for (const { values } of environments) {
      for (const value of values as Json[]) {
        if (secrets.includes(value.key) && value.value) expect(text).not.toContain(value.value);
      }
    }
  });
});

describe("provenanceOf", () => {
  const operation = { operationId: "x", "x-provenance": "inferred" };

  it("says an operation is inferred, and that its path is when x-inferred-path says so", () => {
    expect(provenanceOf(operation)).toMatch(/^\*\*Inferred\*\*: only this operation's name/);
    expect(provenanceOf(operation)).not.toContain("Inferred path");
    expect(provenanceOf({ ...operation, "x-inferred-path": true })).toContain(
      "**Inferred path**: no source showed this URL path.",
    );
    expect(provenanceOf({ ...operation, "x-inferred-path": "Named after its page." })).toMatch(
      /URL path\. Named after its page\.$/,
    );
  });

  it("throws on an operation without a known x-provenance", () => {
    expect(() => provenanceOf({ operationId: "x" })).toThrow("x: unknown x-provenance");
  });
});

describe("postman environments", () => {
  it("types every secret as secret, leaves QA's credentials empty and holds no token", () => {
    for (const environment of environments) {
      const values = environment.values as Json[];
      expect(values.filter((v) => v.type === "secret").map((v) => v.key)).toEqual(secrets);
      expect(values.map((v) => v.key)).not.toContain("sessionToken");
      expect(values.map((v) => v.key)).not.toContain("accessToken");
    }
    const qa = environments[1]?.values as Json[];
    expect(qa.filter((v) => v.value === "").map((v) => v.key)).toEqual([
      "xClientID",
      "xClientSecret",
      "xBrokerUID",
      "xUsername",
      "cesceClientId",
      "cesceClientSecret",
      "cesceUsername",
      "cescePassword",
    ]);
  });

  it("points mock at npm run mock's ports and qa at the specs' first servers", () => {
    const url = (environment: Json, key: string) =>
      (environment.values as Json[]).find((v) => v.key === key)?.value;
    const [mock, qa] = environments as [Json, Json];
    expect(url(mock, "portalBaseUrl")).toBe(`http://127.0.0.1:${defaultMockPort}`);
    expect(url(mock, "cesceBaseUrl")).toBe(`http://127.0.0.1:${defaultMockPort + 1}`);
    expect(url(mock, "cesceTokenUrl")).toBe(`http://127.0.0.1:${defaultMockPort + 2}/token`);
    expect(url(qa, "portalBaseUrl")).toBe(portal.spec.servers[0].url);
    expect(url(qa, "cesceBaseUrl")).toBe(classifications.spec.servers[0].url);
    expect(url(qa, "cesceTokenUrl")).toBe(
      classifications.spec.components.securitySchemes.oauth2.flows.password.tokenUrl,
    );
  });
});

describe("stableId", () => {
  it("derives the same UUID-shaped id from the same name, and another from another", () => {
    expect(stableId("a")).toBe(stableId("a"));
    expect(stableId("a")).not.toBe(stableId("b"));
    expect(stableId("a")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
