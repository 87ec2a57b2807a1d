/**
 * Figure 3: draining a 200-page message list (page-number style, 20 items a page, `totalCount`
 * in every page, each response 20 ms late) sequentially with bare openapi-fetch, and with the
 * SDK's `paginate` at concurrency 1 and 4. Every run must yield each message once and in order;
 * the server reports the most page requests it had in flight, which checks the bound.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/partners-portal.ts";
import type { PaginateOptions } from "../src/index.ts";
import { type Figure, fixed, type Log } from "./figure.ts";
import {
  credentials,
  type LoopbackServer,
  pagedProcessId,
  pagedTotal,
  pageLatencyMs,
  sessionToken,
} from "./loopback.ts";
import { sdk } from "./sdk.ts";

const { createPartnersPortalClient, paginate } = sdk;

const path = "/v1/processes/{processUniqueId}/message";
const pageSize = 20;
const pageCount = pagedTotal / pageSize;
const concurrency = 4;
const goal = 3.5;

interface Run {
  ms: number;
  maxInFlight: number;
}

/** Throws unless `subjects` are messages 1..pagedTotal, each once, in order. */
function checkOrder(label: string, subjects: readonly string[]): void {
  if (subjects.length !== pagedTotal)
    throw new Error(`${label}: ${subjects.length} items, expected ${pagedTotal}`);
  subjects.forEach((subject, i) => {
    if (subject !== `message ${i + 1}`) throw new Error(`${label}: item ${i} is "${subject}"`);
  });
}

async function run(
  server: LoopbackServer,
  label: string,
  drain: () => Promise<string[]>,
): Promise<Run> {
  await server.reset();
  const started = performance.now();
  const subjects = await drain();
  const ms = performance.now() - started;
  checkOrder(label, subjects);
  return { ms, maxInFlight: (await server.stats()).maxPagedInFlight };
}

/** The baseline: a plain loop of bare openapi-fetch calls, one page after the other. */
async function sequential(baseUrl: string): Promise<string[]> {
  const client = createClient<paths>({
    baseUrl,
    headers: { authorization: `Bearer ${sessionToken}` },
  });
  const subjects: string[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const { data, error } = await client.GET(path, {
      params: { path: { processUniqueId: pagedProcessId }, query: { pageNumber, pageSize } },
    });
    if (error !== undefined || !data) throw new Error("sequential: a page failed");
    for (const message of data.messages) subjects.push(message.subject ?? "");
    if (pageNumber * pageSize >= Number(data.totalCount)) return subjects;
  }
}

async function withSdk(baseUrl: string, options: PaginateOptions): Promise<string[]> {
  const client = createPartnersPortalClient({ baseUrl, credentials, taxonomyCacheTtlMs: 0 });
  const init = {
    params: { path: { processUniqueId: pagedProcessId }, query: { pageSize } },
  };
  const subjects: string[] = [];
  for await (const message of paginate(client, path, init, options)) {
    subjects.push(message.subject ?? "");
  }
  return subjects;
}

export async function measurePagination(server: LoopbackServer, log: Log): Promise<Figure> {
  const { baseUrl } = server;
  const baseline = await run(server, "sequential", () => sequential(baseUrl));
  log(`  pagination: sequential ${fixed(baseline.ms, 0)} ms`);
  const one = await run(server, "SDK concurrency 1", () => withSdk(baseUrl, {}));
  log(`  pagination: SDK concurrency 1 ${fixed(one.ms, 0)} ms`);
  const options: PaginateOptions = { concurrency };
  const four = await run(server, `SDK concurrency ${concurrency}`, () => withSdk(baseUrl, options));
  log(`  pagination: SDK concurrency ${concurrency} ${fixed(four.ms, 0)} ms`);

  const speedup = baseline.ms / four.ms;
  // A walk that never had two pages in flight does not fetch ahead: the option is not there yet.
  const pending = four.maxInFlight === 1;
  if (four.maxInFlight > concurrency)
    throw new Error(`concurrency ${concurrency} had ${four.maxInFlight} pages in flight`);
  const row = (label: string, r: Run) =>
    `| ${label} | ${fixed(r.ms, 0)} | ${(baseline.ms / r.ms).toFixed(2)}× | ${r.maxInFlight} |`;
  const details = [
    `${pageCount} pages × ${pageSize} messages (\`GET ${path}\` with \`pageNumber\`/\`pageSize\`,`,
    `\`totalCount\` = ${pagedTotal}), each answered ${pageLatencyMs} ms late. Every run yielded the`,
    `${pagedTotal} messages once each and in order (checked).`,
    "",
    "| walk | wall ms | speed-up vs sequential | most pages in flight |",
    "| --- | ---: | ---: | ---: |",
    row("bare openapi-fetch, one page after the other", baseline),
    row("SDK `paginate`, default (concurrency 1)", one),
    row(`SDK \`paginate\`, \`{ concurrency: ${concurrency} }\``, four),
    "",
    `The ideal at concurrency ${concurrency} is a little under ${concurrency}×: the first page must`,
    "arrive (and say how many pages there are) before the others can be asked for.",
    ...(pending
      ? [
          "",
          "**Pending:** `paginate` never had two pages in flight: fetch-ahead is not in src yet.",
        ]
      : []),
  ].join("\n");
  return {
    title: `6. Pagination: ${pageCount} pages, ${pageLatencyMs} ms each`,
    measured: `${speedup.toFixed(2)}× sequential at concurrency ${concurrency} (${fixed(four.ms, 0)} vs ${fixed(baseline.ms, 0)} ms)`,
    goal: `≥ ${goal}× sequential at concurrency ${concurrency}`,
    met: pending ? "pending" : speedup >= goal,
    details,
  };
}
