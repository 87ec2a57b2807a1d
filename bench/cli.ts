/**
 * Figure 7: the `bctt-cesce` executable (built) classifying 1 000 debtors against a loopback
 * CESCE with a client-side limit of 600 requests a minute. The limiter is a token bucket that
 * starts full (600 at once), so the figure is the steady rate after that bucketful, as the
 * server saw the requests arrive; the goal is that rate within 5 % of 10/s (the
 * limit), never above it. Tokens refill while the burst goes out, so the figure is taken over
 * the last 300 requests, when the bucket is long empty; the whole run is also set against what
 * the bucket allows over its span (capacity + rate × time). Every debtor must get its row.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtCli, runCli } from "../test/cli/built-cli.ts";
import { type Figure, fixed, type Log } from "./figure.ts";

const debtors = 1000;
const requestsPerMinute = 600;
const limitPerSecond = requestsPerMinute / 60;
const tolerance = 0.05;
const steadyCount = 300;
const letters = "TRWAGMYFPDXBNJZSQVHLCKE";
const nif = (n: number) => `${String(n).padStart(8, "0")}${letters[n % 23]}`;

function startCesce(arrivals: number[]) {
  const server = createServer((req, res) => {
    const json = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url?.startsWith("/token"))
      return json({ access_token: "t", token_type: "Bearer", expires_in: 3600 });
    arrivals.push(performance.now());
    const taxCode = new URL(req.url ?? "", "http://x").searchParams.get("taxCode") ?? "";
    json({
      error: { errorCode: "0" },
      client: { contractNo: "1" },
      debtor: [{ taxCode, situationCode: "C", creditLimitGranted: "1000,00" }],
    });
  });
  return new Promise<{ url: string; close(): void }>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}

/** Measures figure 7. */
export async function measureCliThroughput(_: unknown, log: Log): Promise<Figure> {
  const cli = builtCli();
  const dir = mkdtempSync(join(tmpdir(), "bench-cli-"));
  const arrivals: number[] = [];
  const cesce = await startCesce(arrivals);
  try {
    const input = join(dir, "debtors.csv");
    const rows = Array.from({ length: debtors }, (_, i) => `ES,${nif(i + 1)}`);
    writeFileSync(input, `countryCode,taxCode\n${rows.join("\n")}\n`);
    const output = join(dir, "results.csv");
    log(`  classifying ${debtors} debtors at ${requestsPerMinute} requests/min…`);
    const started = performance.now();
    const run = await runCli(
      cli,
      [
        "cesce",
        "classifications",
        "--contract",
        "1",
        "--input",
        input,
        "--output",
        output,
        "--quiet",
        "--concurrency",
        "8",
        "--rate-limit",
        String(requestsPerMinute),
      ],
      {
        CESCE_CLIENT_ID: "a",
        CESCE_CLIENT_SECRET: "b",
        CESCE_USERNAME: "c",
        CESCE_PASSWORD: "d",
        CESCE_BASE_URL: cesce.url,
        CESCE_TOKEN_URL: `${cesce.url}/token`,
      },
    );
    const totalMs = performance.now() - started;
    const written = readFileSync(output, "utf8").trimEnd().split("\n").length - 1;
    if (run.code !== 0 || written !== debtors)
      throw new Error(`exit ${run.code}, ${written} rows: ${run.stderr}`);
    const steady = arrivals.slice(-steadyCount);
    const spanMs = (steady.at(-1) ?? 0) - (arrivals.at(-steadyCount - 1) ?? 0);
    const rate = (steady.length * 1000) / spanMs;
    const runMs = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
    const allowed = requestsPerMinute + (limitPerSecond * runMs) / 1000;
    const met =
      rate <= limitPerSecond * (1 + tolerance) && rate >= limitPerSecond * (1 - tolerance);
    return {
      title: "7. CLI throughput",
      measured: `${fixed(rate, 2)} req/s steady (limit ${limitPerSecond}/s); ${debtors} debtors in ${fixed(totalMs / 1000)} s`,
      goal: `within ${tolerance * 100} % of the limit`,
      met,
      details: [
        `\`bctt-cesce cesce classifications --rate-limit ${requestsPerMinute} --concurrency 8\` (the built executable, a child process) on ${debtors} debtors against a loopback CESCE answering at once.`,
        `The client's token bucket holds ${requestsPerMinute} requests, so about the first ${requestsPerMinute} leave at once (and the bucket refills while they go). The last ${steadyCount} arrived over ${fixed(spanMs / 1000, 2)} s: ${fixed(rate, 3)} requests/s against a limit of ${limitPerSecond}/s (${fixed(((rate - limitPerSecond) / limitPerSecond) * 100, 2)} %).`,
        `Over the whole run, first to last arrival (${fixed(runMs / 1000, 2)} s), the bucket allows ${fixed(allowed, 0)} requests (capacity + rate × time); ${arrivals.length} arrived (${fixed((arrivals.length / allowed) * 100, 1)} % of the allowance).`,
        `The whole run (process start, token, ${debtors} rows written and synced) took ${fixed(totalMs / 1000, 1)} s; every debtor got its row.`,
      ].join("\n\n"),
    };
  } finally {
    cesce.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
