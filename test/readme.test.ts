/**
 * Every ```ts block of the README must compile against the package's real exports, so the
 * examples cannot rot. Each block becomes a module in a temporary folder, with
 * `from "bctt-cesce-sdk"` pointed at src/index.ts, type-checked with the project's options.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const requireHere = createRequire(import.meta.url);
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

function compile(sources: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "readme-"));
  try {
    const files = sources.map((source, i) => {
      const file = join(dir, `block-${i + 1}.mts`);
      const code = source
        .replaceAll('from "bctt-cesce-sdk"', `from ${JSON.stringify(join(root, "src/index.ts"))}`)
        // A subpath export `bctt-cesce-sdk/<part>` is the entry point of src/<part>/.
        .replace(
          /from "bctt-cesce-sdk\/([\w-]+)"/g,
          (_import, part) => `from ${JSON.stringify(join(root, "src", part, "index.ts"))}`,
        )
        // The fleet examples import a Redis client: resolved from the project's node_modules.
        .replaceAll(
          /from "(redis|ioredis)"/g,
          (_, name: string) => `from ${JSON.stringify(requireHere.resolve(name))}`,
        );
      writeFileSync(file, `export {};\n${code}`);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noUncheckedIndexedAccess: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [join(root, "node_modules/@types")],
    });
    return ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file?.fileName.replace(dir, "README") ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("README", () => {
  it("has TypeScript examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it("compiles every TypeScript example against the package's exports", () => {
    expect(compile(blocks)).toEqual([]);
  });

  it("would catch an example that calls a path the spec lacks", () => {
    const example = (path: string) =>
      `import { createPartnersPortalClient } from "bctt-cesce-sdk";
const client = createPartnersPortalClient({ credentials: { clientId: "a", clientSecret: "b", brokerUid: "c", username: "d" } });
await client.GET("${path}", {});`;
    expect(compile([example("/v1/taxonomy/genders")])).toEqual([]);
    expect(compile([example("/v1/nowhere")])).not.toEqual([]);
  });
});
