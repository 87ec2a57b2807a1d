/**
 * The resumable loop behind the CSV commands: skip the input rows the output already holds,
 * run the rest through `runBatch`, and append their rows in batches synced to disk.
 */
import type { BatchProgress } from "../batch/progress.js";
import type { BatchResult } from "../batch/run-batch.js";
import { createProgressReporter } from "./progress.js";
import { openResumableCsv } from "./resumable-output.js";
import { type CliIo, exitCodes, UsageError } from "./usage.js";

/** Rows are synced at least this often, and whenever this many are waiting. */
const flushEveryMs = 1000;
const flushEveryRows = 25;

/** What `runResumable` needs from a command. */
export interface ResumableJob<T extends { row: string }, R> {
  io: CliIo;
  output: string;
  header: readonly string[];
  items: T[];
  /** The identity of an input row (row number and identifiers), as recorded in the output. */
  keyOf(record: Record<string, string>): string;
  quiet: boolean;
  run(
    todo: T[],
    options: { signal: AbortSignal; onProgress(p: BatchProgress): void },
  ): AsyncIterable<BatchResult<T, R>>;
  rowOf(result: BatchResult<T, R>): Record<string, string>;
}

function alreadyWritten<T extends { row: string }>(
  job: ResumableJob<T, unknown>,
  existing: Record<string, string>[],
): Set<string> {
  const byRow = new Map(job.items.map((item) => [item.row, item]));
  const done = new Set<string>();
  for (const record of existing) {
    const item = byRow.get(record.row ?? "");
    if (!item || job.keyOf(item as unknown as Record<string, string>) !== job.keyOf(record))
      throw new UsageError(
        `${job.output} row ${record.row} does not match the input; choose another --output`,
      );
    done.add(record.row ?? "");
  }
  return done;
}

/** Runs `job` and resolves with the exit code (0, 1, or 130 when interrupted). */
export async function runResumable<T extends { row: string }, R>(
  job: ResumableJob<T, R>,
): Promise<number> {
  const out = openResumableCsv(job.output, job.header);
  const progress = createProgressReporter(job.io, job.quiet);
  try {
    const done = alreadyWritten(job, out.existing);
    let failed = out.existing.filter((record) => record.error).length;
    const todo = job.items.filter((item) => !done.has(item.row));
    let pending: Record<string, string>[] = [];
    let flushedAt = performance.now();
    const flush = () => {
      out.append(pending);
      pending = [];
      flushedAt = performance.now();
    };
    const results = job.run(todo, {
      signal: job.io.signal,
      onProgress: (p) => progress.update(p),
    });
    for await (const result of results) {
      if (!result.ok) failed++;
      pending.push(job.rowOf(result));
      if (pending.length >= flushEveryRows || performance.now() - flushedAt >= flushEveryMs)
        flush();
    }
    flush();
    progress.finish();
    if (job.io.signal.aborted) return 130;
    return failed > 0 ? exitCodes.someFailed : exitCodes.ok;
  } finally {
    out.close();
  }
}
