/**
 * `bctt-cesce cesce classifications`: the classification of every debtor of a CSV file, one
 * output row per input row, resumable with the same `--output`.
 */
import { readFileSync } from "node:fs";
import { CsvError, parse } from "csv-parse/sync";
import { runBatch } from "../batch/run-batch.js";
import type { CesceClient } from "../cesce/client.js";
import { cesceAmount, cesceDate } from "../cesce/codecs.js";
import { unwrap } from "../core/unwrap.js";
import { type DebtorIds, debtorColumns, debtorIdProblem, debtorQuery } from "./debtor-id.js";
import { cesceFromEnv } from "./env.js";
import { runResumable } from "./run-resumable.js";
import { type CliIo, parseCommand, positive, required, UsageError } from "./usage.js";

const help = `
Usage: bctt-cesce cesce classifications --contract <no> --input <debtors.csv> --output <results.csv>

Queries the classification of each debtor of the input CSV and writes one row per input row.
Input columns (header row required): countryCode,taxCode, or endorsementNo, or customerReference.
Rows are validated before any request; an invalid row gets its reason in the error column.
Run again with the same --output to resume: rows already written are skipped.

Options:
  --contract <no>       CESCE contract number (policy and modality)
  --input <file>        debtors CSV
  --output <file>       results CSV (created, or resumed when it exists)
  --concurrency <n>     requests at once (default 4)
  --rate-limit <n>      requests per minute (default CESCE_RATE_LIMIT_PER_MINUTE, else none)
  -q, --quiet           no progress on stderr
  -h, --help            this help

Environment: CESCE_CLIENT_ID, CESCE_CLIENT_SECRET, CESCE_USERNAME, CESCE_PASSWORD (required),
CESCE_BASE_URL, CESCE_TOKEN_URL (default: the spec's sandbox).
Exit codes: 0 all rows done, 1 some rows failed, 2 usage or configuration error, 130 interrupted.
`;

const resultColumns = [
  "matches",
  "companyName",
  "situationCode",
  "statusCode",
  "creditLimitRequested",
  "creditLimitGranted",
  "currencyCode",
] as const;
const dateColumns = [
  "requestEntryDate",
  "classificationDate",
  "effectiveDate",
  "validityDate",
  "cancellationDate",
] as const;

/** Output header: the input row's identity, the result, the error. */
export const classificationHeader = [
  "row",
  ...debtorColumns,
  ...resultColumns,
  ...dateColumns,
  "error",
];

interface Debtor extends DebtorIds {
  row: string;
}

function readDebtors(path: string): Debtor[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read --input ${path}`);
  }
  try {
    const records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      columns: (names: string[]) => {
        const unknown = names.filter((n) => !(debtorColumns as readonly string[]).includes(n));
        if (unknown.length > 0)
          throw new UsageError(`unknown column(s) in ${path}: ${unknown.join(", ")}`);
        return names;
      },
    }) as Record<string, string>[];
    return records.map((record, i) => ({
      row: String(i + 1),
      ...(Object.fromEntries(debtorColumns.map((c) => [c, record[c] ?? ""])) as DebtorIds),
    }));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof CsvError) throw new UsageError(`bad CSV in ${path}: ${error.message}`);
    throw error;
  }
}

const keyOf = (r: Record<string, string>) =>
  [r.row, ...debtorColumns.map((c) => r[c] ?? "")].join("\u0000");

function decodedDate(text: string | undefined): string {
  if (text === undefined) return "";
  return cesceDate.decode(text)?.toISOString().slice(0, 10) ?? "";
}

async function classify(
  client: CesceClient,
  contractNo: string,
  debtor: Debtor,
  signal: AbortSignal,
) {
  const problem = debtorIdProblem(debtor);
  if (problem) throw new UsageError(`invalid row: ${problem}`);
  const found = await unwrap(
    client.GET("/contracts/{contractNo}/classifications", {
      params: { path: { contractNo }, query: debtorQuery(debtor) },
      signal,
    }),
  );
  const first = found.debtor?.[0];
  const out: Record<string, string> = { matches: String(found.debtor?.length ?? 0) };
  if (!first) return out;
  for (const c of ["companyName", "situationCode", "statusCode", "currencyCode"] as const)
    out[c] = first[c] ?? "";
  for (const c of ["creditLimitRequested", "creditLimitGranted"] as const)
    out[c] = first[c] === undefined ? "" : String(cesceAmount.decode(first[c]));
  for (const c of dateColumns) out[c] = decodedDate(first[c]);
  return out;
}

/** Runs the command; resolves with the exit code. */
export async function classificationsCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      contract: { type: "string" },
      input: { type: "string" },
      output: { type: "string" },
      concurrency: { type: "string" },
      "rate-limit": { type: "string" },
    },
    help,
    io,
  );
  if (!parsed) return 0;
  const { values } = parsed;
  const contractNo = required(values, "contract");
  const output = required(values, "output");
  const debtors = readDebtors(required(values, "input"));
  const concurrency = Math.floor(positive(values.concurrency, "concurrency", 4));
  const rate = positive(
    values["rate-limit"] ?? io.env.CESCE_RATE_LIMIT_PER_MINUTE,
    "rate-limit",
    Infinity,
  );
  const client = cesceFromEnv(io.env, Number.isFinite(rate) ? rate : undefined);

  return runResumable({
    io,
    output,
    header: classificationHeader,
    items: debtors,
    keyOf,
    quiet: values.quiet === true,
    run: (todo, options) =>
      runBatch(todo, (debtor, { signal }) => classify(client, contractNo, debtor, signal), {
        ...options,
        concurrency,
      }),
    rowOf: (result) => ({
      ...result.item,
      ...(result.ok ? result.value : { error: messageOf(result.error) }),
    }),
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
