import { describe, expect, it } from "vitest";
import { createProgressReporter } from "../../src/cli/progress.ts";
import type { CliIo } from "../../src/cli/usage.ts";

function io(isTTY: boolean) {
  const written: string[] = [];
  const stderr = { isTTY, write: (text: string) => written.push(text) };
  return { io: { stderr, signal: new AbortController().signal } as unknown as CliIo, written };
}

describe("CLI progress", () => {
  it("draws one bar line with counts, rate and time left on a terminal", () => {
    const { io: tty, written } = io(true);
    const reporter = createProgressReporter(tty, false);
    reporter.update({ done: 5, failed: 1, total: 10, ratePerSecond: 2.5, etaMs: 2000 });
    reporter.finish();
    expect(written).toEqual([
      "\r[###############---------------] 5/10 1 failed 2.5/s 2 s left\x1b[K",
      "\n",
    ]);
  });

  it("writes one JSON line per 5 % elsewhere, and nothing when quiet", () => {
    const { io: pipe, written } = io(false);
    const reporter = createProgressReporter(pipe, false);
    for (let done = 1; done <= 100; done++)
      reporter.update({ done, failed: 0, total: 100, ratePerSecond: 1 / 3, etaMs: 100 - done });
    expect(written).toHaveLength(20);
    expect(JSON.parse(written[0] ?? "")).toEqual({
      progress: { done: 5, failed: 0, total: 100, ratePerSecond: 0.33, etaMs: 95 },
    });
    const quiet = io(false);
    createProgressReporter(quiet.io, true).update({ done: 100, failed: 0, ratePerSecond: 1 });
    expect(quiet.written).toEqual([]);
  });
});
