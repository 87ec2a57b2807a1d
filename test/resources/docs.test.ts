/**
 * What an editor shows for a resource method: hovering a call gives the spec's summary and docs
 * page (through TypeScript's language service, as an editor asks it), and the declarations the
 * package ships (`.d.ts`) keep every method's TSDoc.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  types: ["node"],
  typeRoots: [join(root, "node_modules/@types")],
};

// biome-ignore lint/suspicious/noExplicitAny: the test walks the bundled spec's JSON
type Json = Record<string, any>;
/** Every operation of the spec that has a resource method (Authenticate aside). */
function operationsOf(api: string): Json[] {
  const spec = JSON.parse(readFileSync(join(root, `generated/${api}.openapi.json`), "utf8"));
  return Object.entries(spec.paths as Json).flatMap(([path, item]) =>
    ["get", "put", "post", "delete", "patch"]
      .filter((method) => item[method] && item[method].operationId !== "authenticate")
      .map((method) => ({ ...item[method], method: method.toUpperCase(), path })),
  );
}

function hover(source: string, marker: string) {
  const file = join(root, "test/resources/.hover-probe.ts");
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) =>
      name === file
        ? ts.ScriptSnapshot.fromString(source)
        : ts.sys.fileExists(name)
          ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name) ?? "")
          : undefined,
    getCurrentDirectory: () => root,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
  };
  const info = ts.createLanguageService(host).getQuickInfoAtPosition(file, source.indexOf(marker));
  return {
    signature: ts.displayPartsToString(info?.displayParts),
    documentation: ts.displayPartsToString(info?.documentation),
    tags: (info?.tags ?? []).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`),
  };
}

describe("resource method docs", () => {
  it("show the spec's summary, provenance and docs page when a call is hovered", () => {
    const resources = join(root, "generated/partners-portal.resources.ts");
    const source = [
      `import type { PartnersPortalResources } from ${JSON.stringify(resources)};`,
      "declare const portal: PartnersPortalResources;",
      'await portal.simulations.retrieve("6098c82f-a840-46f0-a93f-59bdc8daf0d0");',
    ].join("\n");
    const shown = hover(source, "retrieve(");
    expect(shown.signature).toMatch(
      /^\(method\) PartnersPortalSimulations\.retrieve\(simulationUniqueId: string, options\?: RequestOptions\): Promise<\{\n {4}simulationUniqueID\?: string;/,
    );
    expect(shown.documentation).toMatch(
      /^Simulation Detail: `GET \/v1\/simulations\/\{simulationUniqueId\}`\./,
    );
    expect(shown.documentation).toContain("Partly documented");
    expect(shown.tags).toContain(
      "@see https://docs-api-qua-portalparceiros.bancoctt.pt/api/simulations",
    );
  }, 60_000);

  it("are kept in the emitted declarations, one per operation", () => {
    for (const api of ["partners-portal", "cesce-classifications"]) {
      const fileName = join(root, `generated/${api}.resources.ts`);
      // The declaration emitter of `npm run build`, for this one file (its types are all explicit).
      const { outputText: declarations, diagnostics } = ts.transpileDeclaration(
        readFileSync(fileName, "utf8"),
        { fileName, compilerOptions: options },
      );
      expect(diagnostics).toEqual([]);
      const missing = operationsOf(api).filter(
        (op) => !declarations.includes(`* ${op.summary}: \`${op.method} ${op.path}\`.`),
      );
      expect(missing.map((op) => op.operationId)).toEqual([]);
      expect(declarations.length).toBeGreaterThan(0);
    }
  });
});
