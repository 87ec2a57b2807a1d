/**
 * The document helpers' Node-only parts (file paths, writing the ESIS) load `node:fs` when they
 * are called, so the root export still bundles for a browser or another runtime.
 */
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

describe("the root export", () => {
  it("bundles for the browser without resolving node:fs", async () => {
    const result = await build({
      entryPoints: [join(root, "src/index.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
      external: ["openapi-fetch"],
    });
    const code = new TextDecoder().decode(result.outputFiles[0]?.contents);
    expect(result.errors).toEqual([]);
    expect(code).toContain("documentFrom");
    expect(code).not.toMatch(/from\s*["']node:/);
  });
});
