import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

/** Every source file the entry point reaches through relative imports. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, "utf8");
  for (const [, specifier] of source.matchAll(/from "(\.[^"]+)"/g)) {
    reachable(join(file, "..", (specifier as string).replace(/\.js$/, ".ts")), seen);
  }
  return seen;
}

describe("bctt-cesce-sdk/callbacks", () => {
  const files = [...reachable(join(root, "src/callbacks/index.ts"))];

  it("reaches every file of its folder", () => {
    const folder = readdirSync(join(root, "src/callbacks")).map((name) =>
      join(root, "src/callbacks", name),
    );
    expect(files).toEqual(expect.arrayContaining(folder));
  });

  it("uses web-standard APIs only: no node: import, Buffer or process", () => {
    for (const file of files) {
      const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(code, file).not.toMatch(
        /from "node:|import\("node:|\bBuffer\b|\bprocess\.|\brequire\(/,
      );
    }
  });
});
