/**
 * A long-lived signal stays clean: 20 000 calls sharing one AbortSignal leave no SDK listener on
 * it after any call, and the heap they retain (after a full collection) stays within 2 MiB of
 * what bare openapi-fetch retains for the same calls (about 100 bytes a call). The platform's own
 * Request listeners, removed when their Request is collected, are the floor both share. Each
 * run is a child process with `--expose-gc` (`long-lived-signal.child.ts`), so the heap is its own.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const child = fileURLToPath(new URL("./long-lived-signal.child.ts", import.meta.url));

interface Run {
  mode: string;
  calls: number;
  worstLeftByOthers: number;
  listenersAfterRun: number;
  listenersAfterGc: number;
  retainedBytes: number;
}

async function run(mode: "bare" | "sdk" | "leaky", calls: number): Promise<Run> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--expose-gc", "--no-warnings", "--import", "tsx", child, mode, String(calls)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as Run;
}

describe("one AbortSignal shared by 20 000 calls", () => {
  it("carries no SDK listener after any call, and the heap stays as flat as bare openapi-fetch's", async () => {
    const [bare, sdk] = await Promise.all([run("bare", 20_000), run("sdk", 20_000)]);
    console.log(JSON.stringify({ bare, sdk }));
    expect(bare.worstLeftByOthers).toBe(0);
    expect(sdk.worstLeftByOthers).toBe(0);
    // Once collected, the platform's Request listeners are gone too: nothing at all is left.
    expect(sdk.listenersAfterGc).toBe(0);
    expect(sdk.retainedBytes).toBeLessThan(Math.max(bare.retainedBytes, 0) + 2 * 1024 * 1024);
  }, 600_000);

  it("would see a listener left per call (the control: the probe can fail)", async () => {
    const leaky = await run("leaky", 2_000);
    expect(leaky.worstLeftByOthers).toBe(3_000); // the warm-up's 1 000 and the run's 2 000
    expect(leaky.listenersAfterGc).toBe(3_000);
  }, 600_000);
});
