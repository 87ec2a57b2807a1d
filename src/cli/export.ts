/**
 * `bctt-cesce portal export simulations|processes`: every simulation or process of the broker,
 * page after page, as CSV or JSON Lines. A rerun with the same `--output` checks the records
 * already written against the list and appends the rest.
 */
import { createProgressMeter } from "../batch/progress.js";
import { paginate } from "../pagination/paginate.js";
import { portalFromEnv } from "./env.js";
import { createProgressReporter } from "./progress.js";
import { openResumableCsv, openResumableJsonl, type ResumableOutput } from "./resumable-output.js";
import { type CliIo, exitCodes, parseCommand, positive, required, UsageError } from "./usage.js";

const help = `
Usage: bctt-cesce portal export simulations|processes --format csv|jsonl --output <file>

Walks the whole list with the SDK's pagination and writes one record per line (JSON Lines) or
per row (CSV: a "row" column, then the item's fields; nested values as JSON). Run again with
the same --output to resume: the records already written are checked and skipped.

Options:
  --format csv|jsonl    output format (default jsonl)
  --output <file>       file to create, or to resume when it exists
  --rate-limit <n>      requests per minute (default BCTT_RATE_LIMIT_PER_MINUTE, else none)
  -q, --quiet           no progress on stderr
  -h, --help            this help

Environment: BCTT_CLIENT_ID, BCTT_CLIENT_SECRET, BCTT_BROKER_UID, BCTT_USERNAME (required),
BCTT_BASE_URL (default: the spec's QA server).
Exit codes: 0 done, 1 failed part-way (rerun to resume), 2 usage or configuration error, 130 interrupted.
`;

const lists = {
  simulations: { path: "/v1/simulations", id: "simulationUniqueID" },
  processes: { path: "/v1/processes", id: "processUniqueID" },
} as const;

/** CSV columns of an item: its own fields, nested ones as JSON. */
const cells = (item: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(item).map(([k, v]) => [
      k,
      typeof v === "object" && v !== null ? JSON.stringify(v) : String(v ?? ""),
    ]),
  );

/** Runs the command; resolves with the exit code. */
export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(
    args,
    { format: { type: "string" }, output: { type: "string" }, "rate-limit": { type: "string" } },
    help,
    io,
    true,
  );
  if (!parsed) return exitCodes.ok;
  const { values, positionals } = parsed;
  const list = lists[positionals[0] as keyof typeof lists];
  if (!list || positionals.length !== 1)
    throw new UsageError("say what to export: simulations or processes (see --help)");
  const format = values.format ?? "jsonl";
  if (format !== "csv" && format !== "jsonl") throw new UsageError("--format must be csv or jsonl");
  const output = required(values, "output");
  const rate = positive(
    values["rate-limit"] ?? io.env.BCTT_RATE_LIMIT_PER_MINUTE,
    "rate-limit",
    Infinity,
  );
  const client = portalFromEnv(io.env, Number.isFinite(rate) ? rate : undefined);

  const progress = createProgressReporter(io, values.quiet === true);
  const meter = createProgressMeter(undefined);
  const items = paginate(client, list.path, { signal: io.signal } as never) as AsyncIterable<
    Record<string, unknown>
  >;
  let out: ResumableOutput<Record<string, string>> | ResumableOutput<unknown> | undefined;
  let existingIds: string[] = [];
  let header: string[] | undefined;
  let pending: unknown[] = [];
  let index = 0;
  const flush = () => {
    (out as ResumableOutput<unknown>).append(pending);
    pending = [];
  };
  try {
    for await (const item of items) {
      const id = String(item[list.id] ?? "");
      if (!out) {
        header = ["row", ...Object.keys(item)];
        out = format === "csv" ? openResumableCsv(output, header) : openResumableJsonl(output);
        existingIds = out.existing.map((record) =>
          String((record as Record<string, unknown>)[list.id] ?? ""),
        );
      }
      index++;
      if (index <= existingIds.length) {
        if (existingIds[index - 1] !== id)
          throw new UsageError(
            `${output} record ${index} is not ${id}: the list changed; choose another --output`,
          );
        continue;
      }
      pending.push(format === "csv" ? { row: String(index), ...cells(item) } : item);
      if (pending.length >= 25) flush();
      meter.record(false);
      progress.update(meter.snapshot());
    }
    if (out) flush();
  } catch (error) {
    if (out) flush();
    if (io.signal.aborted) return 130;
    if (error instanceof UsageError) throw error;
    io.stderr.write(`bctt-cesce: ${(error as Error).message.split("\n")[0]}\n`);
    return exitCodes.someFailed;
  } finally {
    out?.close();
    progress.finish();
  }
  if (!out)
    (format === "csv" ? openResumableCsv(output, ["row"]) : openResumableJsonl(output)).close();
  return exitCodes.ok;
}
