/**
 * `bctt-cesce portal taxonomies`: every Partners Portal taxonomy saved as `<name>.json`. Files
 * are written whole (temporary file, then rename), and a rerun skips the ones already saved.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { paths } from "../../generated/partners-portal.js";
import { runBatch } from "../batch/run-batch.js";
import { unwrap } from "../core/unwrap.js";
import { portalFromEnv } from "./env.js";
import { createProgressReporter } from "./progress.js";
import { type CliIo, exitCodes, parseCommand, positive, required } from "./usage.js";

const help = `
Usage: bctt-cesce portal taxonomies --output <dir> [--country-id <id>] [--county-id <id>]

Saves each Partners Portal taxonomy as <dir>/<name>.json (43 lists, plus the districts of
--country-id and the parishes of --county-id: those two taxonomies take an id). A rerun skips
the files already saved.

Options:
  --output <dir>        directory to write to (created if missing)
  --country-id <id>     also save country-with-districts for this country
  --county-id <id>      also save county-with-parishes for this county
  --rate-limit <n>      requests per minute (default BCTT_RATE_LIMIT_PER_MINUTE, else none)
  -q, --quiet           no progress on stderr
  -h, --help            this help

Environment: BCTT_CLIENT_ID, BCTT_CLIENT_SECRET, BCTT_BROKER_UID, BCTT_USERNAME (required),
BCTT_BASE_URL (default: the spec's QA server).
Exit codes: 0 all saved, 1 some failed, 2 usage or configuration error, 130 interrupted.
`;

type TaxonomyPath = Extract<keyof paths, `/v1/taxonomy/${string}`>;
type ListPath = Exclude<TaxonomyPath, `${string}{${string}`>;

/** The taxonomies without an id, in the spec's order; the type check keeps it in step with it. */
const lists = [
  "bank-charge-types",
  "broker-classifications",
  "broker-extract-periodicity",
  "broker-fee-types",
  "broker-iva-regimes",
  "broker-retention-regimes",
  "broker-statuses",
  "broker-sub-types",
  "broker-types",
  "counties",
  "countries",
  "districts",
  "districts-with-counties",
  "document-categories",
  "document-types",
  "employment-contract-types",
  "employment-department-positions",
  "employment-situations",
  "entity-types",
  "fixed-fixed-period",
  "genders",
  "identification-documents",
  "index-type-list-mixed",
  "index-type-sub-categories",
  "index-types",
  "key-borrower-relations",
  "loan-purposes",
  "marital-statuses",
  "matrimonial-regimes",
  "mixed-fixed-period",
  "notification-types",
  "parishes",
  "product-purposes",
  "product-schemes",
  "professions",
  "property-typologies",
  "proposal-cancel-reasons",
  "proposal-reject-reasons",
  "residence-types",
  "simulation-reject-reasons",
  "workflow-phases",
  "workflow-states-proposal",
  "workflow-states-simulation",
] as const satisfies readonly (ListPath extends `/v1/taxonomy/${infer N}` ? N : never)[];

// Fails to compile when the spec gains or loses a taxonomy without an id.
type Missing = Exclude<ListPath, `/v1/taxonomy/${(typeof lists)[number]}`>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

interface Job {
  file: string;
  path: string;
  params?: Record<string, string>;
}

/** Runs the command; resolves with the exit code. */
export async function taxonomiesCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      output: { type: "string" },
      "country-id": { type: "string" },
      "county-id": { type: "string" },
      "rate-limit": { type: "string" },
    },
    help,
    io,
  );
  if (!parsed) return exitCodes.ok;
  const { values } = parsed;
  const dir = required(values, "output");
  const rate = positive(
    values["rate-limit"] ?? io.env.BCTT_RATE_LIMIT_PER_MINUTE,
    "rate-limit",
    Infinity,
  );
  const client = portalFromEnv(io.env, Number.isFinite(rate) ? rate : undefined);
  const jobs: Job[] = lists.map((name) => ({ file: `${name}.json`, path: `/v1/taxonomy/${name}` }));
  const countryId = values["country-id"];
  if (typeof countryId === "string")
    jobs.push({
      file: `country-with-districts-${countryId}.json`,
      path: "/v1/taxonomy/country-with-districts/{countryId}",
      params: { countryId },
    });
  const countyId = values["county-id"];
  if (typeof countyId === "string")
    jobs.push({
      file: `county-with-parishes-${countyId}.json`,
      path: "/v1/taxonomy/county-with-parishes/{countyId}",
      params: { countyId },
    });

  mkdirSync(dir, { recursive: true });
  const todo = jobs.filter((job) => !existsSync(join(dir, job.file)));
  // One path at a time is a union openapi-fetch cannot narrow; every one of them is a plain GET.
  const get = client.GET as unknown as (
    path: string,
    init: object,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const progress = createProgressReporter(io, values.quiet === true);
  let failed = 0;
  const results = runBatch(
    todo,
    async (job, { signal }) => {
      const data = await unwrap(
        get(job.path, { params: { path: job.params ?? {} }, signal }) as never,
      );
      const target = join(dir, job.file);
      writeFileSync(`${target}.partial`, `${JSON.stringify(data, null, 2)}\n`);
      renameSync(`${target}.partial`, target);
    },
    { concurrency: 4, signal: io.signal, onProgress: (p) => progress.update(p) },
  );
  for await (const result of results) {
    if (result.ok) continue;
    failed++;
    io.stderr.write(`${result.item.file}: ${(result.error as Error).message}\n`);
  }
  progress.finish();
  if (io.signal.aborted) return 130;
  return failed > 0 ? exitCodes.someFailed : exitCodes.ok;
}
