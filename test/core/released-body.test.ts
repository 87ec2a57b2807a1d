/**
 * A response's body is let go of once its data is read: nothing of the SDK's (a kept-alive
 * socket's finished request and response, their listeners, the attempt's promise) keeps the
 * bytes alive while the result lives. Each run is a child process with `--expose-gc`
 * (`released-body.child.ts`, the setup of BENCHMARKS.md's figure 2), so the memory it reads is
 * its own. node:http once kept a 20 MB document's bytes this way (20.0 MB held); this caught it.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { largeBodyBytes } from "../../bench/loopback.ts";

const child = fileURLToPath(new URL("./released-body.child.ts", import.meta.url));

async function run(via: "node" | "fetch") {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--expose-gc", "--no-warnings", "--import", "tsx", child, via],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as { via: string; heldBytes: number; length: number };
}

describe("a 20 MB document, once its data is parsed", () => {
  for (const via of ["node", "fetch"] as const) {
    it(`holds no buffer of its bytes while the result lives (${via === "node" ? "node:http" : "fetch"})`, async () => {
      const result = await run(via);
      expect(result.length).toBe(largeBodyBytes); // the body did arrive whole
      expect(result.heldBytes).toBeLessThan(1_000_000);
    }, 60_000);
  }
});
