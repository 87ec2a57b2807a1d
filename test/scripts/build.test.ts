import { describe, expect, it } from "vitest";
import { entryPointsOf } from "../../scripts/build.ts";

describe("entryPointsOf", () => {
  it("builds every export and bin under dist/src/, once, and nothing else", () => {
    const entries = entryPointsOf({
      exports: {
        ".": { types: "./dist/src/index.d.ts", default: "./dist/src/index.js" },
        "./redis": { types: "./dist/src/redis/index.d.ts", default: "./dist/src/redis/index.js" },
        "./specs/*": "./generated/*.openapi.json",
        "./package.json": "./package.json",
      },
      bin: { bctt: "dist/src/cli/main.js" },
    });
    expect(entries).toEqual([
      { name: "index", executable: false },
      { name: "redis/index", executable: false },
      { name: "cli/main", executable: true },
    ]);
  });

  it("reads the package's own entry points", async () => {
    const pkg = (await import("../../package.json", { with: { type: "json" } })).default;
    expect(entryPointsOf(pkg).map((e) => e.name)).toContain("index");
  });
});
