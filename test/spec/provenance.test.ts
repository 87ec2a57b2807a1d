/**
 * Provenance per part (spec-audit H2, H3, M5, M8): a guessed path, required list or type is
 * marked where it is made, what the sources show is not, and `npm run spec:report` counts them.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ApiName, apis } from "../../scripts/apis.ts";
import { specPath } from "../../scripts/prism.ts";

// biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary spec JSON
type Node = Record<string, any>;
const load = (api: ApiName) => JSON.parse(readFileSync(specPath(api), "utf8")) as Node;
const portal = load("partners-portal");
const methods = ["get", "put", "post", "delete", "patch"];

const portalOperations = Object.entries(portal.paths as Record<string, Node>).flatMap(
  ([path, item]) => methods.filter((m) => item[m]).map((m) => ({ path, op: item[m] as Node })),
);

/** Every schema holding a `required` list, with where it is. */
function requiredLists(node: unknown, at = "", found: [string, Node][] = []): [string, Node][] {
  if (node === null || typeof node !== "object") return found;
  const object = node as Node;
  if (Array.isArray(object.required)) found.push([at, object]);
  for (const [key, value] of Object.entries(object)) requiredLists(value, `${at}/${key}`, found);
  return found;
}

/** The `required` lists a source shows: anything else is a guess and must say so. */
const documentedRequired = [
  // Callback Echo: "At least one of processUniqueId or simulationUniqueId is required, never both".
  "/components/schemas/CallbackNotification/oneOf/0",
  "/components/schemas/CallbackNotification/oneOf/1",
  // The portal's token request: "Passing the next data as formData parameters" (all six).
  "/components/schemas/PasswordGrantRequest",
];

describe("provenance per part", () => {
  it("marks every Partners Portal path as inferred except the two the seeds show", () => {
    const seen = portalOperations.filter((o) => o.op["x-inferred-path"] !== true);
    expect(new Set(seen.map((o) => o.path))).toEqual(
      new Set(["/v1/authentication", "/v1/processes/{processUniqueId}/message"]),
    );
    expect(seen).toHaveLength(3);
  });

  it("puts Process Cancel on a sub-path of its own and says why", () => {
    const cancel = portalOperations.find((o) => o.op.summary === "Process Cancel");
    expect(cancel?.path).toBe("/v1/processes/{processUniqueId}/cancel");
    expect(cancel?.op.description).toMatch(/navigation/);
    expect(portal.paths["/v1/processes/{processUniqueId}"].delete).toBeUndefined();
  });

  it("marks every guessed required list, and only those a source shows stay unmarked", () => {
    for (const api of apis) {
      const lists = requiredLists(load(api));
      expect(lists.length).toBeGreaterThan(0);
      for (const [at, schema] of lists) {
        const marked = schema["x-inferred-required"] === true;
        expect(marked, `${api} ${at}`).toBe(!documentedRequired.includes(at));
      }
    }
  });

  it("marks the guessed types of documented parameters (M8) and loosens the guessed ids (M2)", () => {
    const params = (path: string, method: string) =>
      [...(portal.paths[path].parameters ?? []), ...portal.paths[path][method].parameters].map(
        (p: Node) => (p.$ref ? portal.components.parameters[p.$ref.split("/").pop()] : p),
      );
    const byName = (list: Node[]) => Object.fromEntries(list.map((p) => [p.name, p]));
    const simulations = byName(params("/v1/simulations", "get"));
    for (const name of [
      "filterStatusLastDateFrom",
      "filterStatusLastDateTo",
      "filterSimulationStatus",
      "lineCount",
      "nextRecord",
      "previousRecord",
    ]) {
      expect(simulations[name]["x-inferred-type"], name).toBe(true);
      expect(simulations[name]["x-inferred"], name).toBeUndefined();
    }
    const email = byName(params("/v1/processes/{processUniqueId}/esis/email", "get"));
    expect(email.ignoreRules["x-inferred-type"]).toBe(true);
    expect(email.sendAddress).toMatchObject({ "x-inferred-required": true, required: true });
  });

  it("keeps contractNo documented and only its format inferred (H2)", () => {
    const contractNo = load("cesce-classifications").components.parameters.ContractNo;
    expect(contractNo["x-inferred"]).toBeUndefined();
    expect(contractNo["x-inferred-type"]).toBe(true);
  });
});

describe("npm run spec:report", () => {
  const output = execFileSync(
    join(import.meta.dirname, "../../node_modules/.bin/tsx"),
    [join(import.meta.dirname, "../../scripts/spec-report.ts")],
    { encoding: "utf8" },
  );

  it("counts inferred paths, with one line per inferred path", () => {
    expect(output).toContain("inferred paths: 66 (79 operations)");
    expect(output).toContain(
      "    - /v1/processes/{processUniqueId}/cancel  DELETE Process Cancel\n",
    );
    expect(output).not.toMatch(/ {4}- \/v1\/authentication /);
  });

  it("counts inferred operations, parameters, properties and required lists for each spec", () => {
    for (const api of apis) expect(output).toContain(`# ${api}: `);
    expect(output.match(/^ {2}inferred +\d+ /gm)).toHaveLength(3);
    expect(
      output.match(/^ {2}parameters: +\d+ inferred, +\d+ with an inferred type$/gm),
    ).toHaveLength(3);
    expect(
      output.match(/^ {2}properties: +\d+ inferred, +\d+ with an inferred type$/gm),
    ).toHaveLength(3);
    expect(output.match(/^ {2}inferred required lists: \d+$/gm)).toHaveLength(3);
  });
});
