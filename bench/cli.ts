/**
 * Figure 7: the `bctt-cesce` executable (built) classifying 1 000 debtors against a loopback
 * CESCE with a client-side limit of 600 requests a minute. The limiter allows that many in any
 * sliding minute, so the figure is the busiest minute as the server saw the requests arrive;
 * the goal is within 5 % of the limit and never above it. Every debtor must get its row.
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
const tolerance = 0.05;
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
    // The limiter allows `requestsPerMinute` in any sliding minute: the figure is the busiest minute.
    let peak = 0;
    for (let i = 0, j = 0; i < arrivals.length; i++) {
      while ((arrivals[i] as number) - (arrivals[j] as number) >= 60_000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    const runMs = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
    const met = peak <= requestsPerMinute && peak >= requestsPerMinute * (1 - tolerance);
    return {
      title: "7. CLI throughput",
      measured: `${peak} requests in the busiest minute (limit ${requestsPerMinute}); ${debtors} debtors in ${fixed(totalMs / 1000)} s`,
      goal: `within ${tolerance * 100} % of the limit`,
      met,
      details: [
        `\`bctt-cesce cesce classifications --rate-limit ${requestsPerMinute} --concurrency 8\` (the built executable, a child process) on ${debtors} debtors against a loopback CESCE answering at once.`,
        `The client's limiter allows ${requestsPerMinute} requests in any sliding minute. The busiest minute of the run, as the server saw the requests arrive, held ${peak} (${fixed((peak / requestsPerMinute) * 100, 1)} % of the limit); first to last arrival took ${fixed(runMs / 1000, 1)} s.`,
        `The whole run (process start, token, ${debtors} rows written and synced) took ${fixed(totalMs / 1000, 1)} s; every debtor got its row.`,
      ].join("\n\n"),
    };
  } finally {
    cesce.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
