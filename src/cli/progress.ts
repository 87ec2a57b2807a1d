/**
 * Progress on stderr: a one-line bar with counts, rate and time left on a terminal; otherwise
 * one JSON line each time another 5 % is done (or every 50 items when the total is unknown).
 */
import type { BatchProgress } from "../batch/progress.js";
import type { CliIo } from "./usage.js";

/** Receives each progress snapshot; `finish` ends the bar's line. */
export interface ProgressReporter {
  update(progress: BatchProgress): void;
  finish(): void;
}

const seconds = (ms: number | undefined) => (ms === undefined ? "?" : `${Math.round(ms / 1000)} s`);

function bar(p: BatchProgress, width: number): string {
  const share = p.total ? Math.min(p.done / p.total, 1) : 0;
  const filled = Math.round(share * width);
  const counts = p.total === undefined ? `${p.done}` : `${p.done}/${p.total}`;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${counts} ${p.failed} failed ${p.ratePerSecond.toFixed(1)}/s ${seconds(p.etaMs)} left`;
}

/** A reporter for `io.stderr`, silent when `quiet`. */
export function createProgressReporter(io: CliIo, quiet: boolean): ProgressReporter {
  if (quiet) return { update() {}, finish() {} };
  const err = io.stderr;
  if (err.isTTY) {
    let drawn = false;
    return {
      update(p) {
        drawn = true;
        err.write(`\r${bar(p, 30)}\x1b[K`);
      },
      finish() {
        if (drawn) err.write("\n");
      },
    };
  }
  let lastStep = 0;
  return {
    update(p) {
      const step = p.total ? Math.floor((p.done * 20) / p.total) : Math.floor(p.done / 50);
      if (step <= lastStep) return;
      lastStep = step;
      const rounded = {
        ...p,
        ratePerSecond: Math.round(p.ratePerSecond * 100) / 100,
        ...(p.etaMs === undefined ? {} : { etaMs: Math.round(p.etaMs) }),
      };
      err.write(`${JSON.stringify({ progress: rounded })}\n`);
    },
    finish() {},
  };
}
