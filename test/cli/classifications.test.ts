import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  closeFaultServers,
  type FaultServer,
  sendJson,
  startFaultServer,
} from "../reliability/fault-server.ts";
import { builtCli, runCli } from "./built-cli.ts";

const contractNo = "12345678901";
const classificationsPath = `/contracts/${contractNo}/classifications`;
const nifLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
/** A valid Spanish NIF per number. */
const nif = (n: number) => `${String(n).padStart(8, "0")}${nifLetters[n % 23]}`;

let cli: string;
let dir: string;
let server: FaultServer;
let attempts: Map<string, number>;

/** CESCE on the fault server: a token, then classifications with 429s and 503s on first tries. */
function cesce(server: FaultServer, { delayMs = 0, alwaysFailing = "" } = {}) {
  attempts = new Map();
  server.handle(async (hit, res) => {
    if (hit.path === "/oauth2/v1/token")
      return sendJson(res, 200, { access_token: "t", token_type: "Bearer", expires_in: 3600 });
    if (hit.path !== classificationsPath) return sendJson(res, 404, {});
    const taxCode = hit.query.get("taxCode") ?? "";
    const n = Number(taxCode.slice(0, 8));
    const tries = (attempts.get(taxCode) ?? 0) + 1;
    attempts.set(taxCode, tries);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (taxCode === alwaysFailing)
      return sendJson(res, 503, { httpCode: "503" }, { "retry-after": "0" });
    if (tries === 1 && n % 7 === 0)
      return sendJson(res, 429, { httpCode: "429" }, { "retry-after": "0" });
    if (tries === 1 && n % 11 === 0)
      return sendJson(res, 503, { httpCode: "503" }, { "retry-after": "0" });
    sendJson(res, 200, {
      error: { errorCode: "0", errorDescription: "" },
      client: { contractNo },
      debtor: [
        {
          countryCode: "ES",
          taxCode,
          companyName: `Debtor ${n}`,
          situationCode: "C",
          creditLimitRequested: `${n},50`,
          creditLimitGranted: `${n * 2},00`,
          classificationDate: "20240131",
          cancellationDate: "0",
        },
      ],
    });
  });
}

function env(): Record<string, string> {
  return {
    CESCE_CLIENT_ID: "app",
    CESCE_CLIENT_SECRET: "app-secret",
    CESCE_USERNAME: "user",
    CESCE_PASSWORD: "user-password",
    CESCE_BASE_URL: server.url,
    CESCE_TOKEN_URL: `${server.url}/oauth2/v1/token`,
  };
}

function debtors(count: number, extra = ""): string {
  const file = join(dir, `debtors-${count}.csv`);
  const rows = Array.from({ length: count }, (_, i) => `ES,${nif(i + 1)}`);
  writeFileSync(file, `countryCode,taxCode\n${rows.join("\n")}\n${extra}`);
  return file;
}

const readRows = (file: string) =>
  parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];

const args = (input: string, output: string, ...more: string[]) => [
  "cesce",
  "classifications",
  "--contract",
  contractNo,
  "--input",
  input,
  "--output",
  output,
  ...more,
];

beforeAll(async () => {
  cli = builtCli();
  dir = mkdtempSync(join(tmpdir(), "bctt-cli-"));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(closeFaultServers);

describe("bctt-cesce cesce classifications (built executable)", () => {
  it("writes one row per debtor for 500 debtors with 429s and 503s in the mix", async () => {
    server = await startFaultServer();
    cesce(server);
    const output = join(dir, "all.csv");
    const run = await runCli(cli, args(debtors(500), output, "--concurrency", "8"), env());
    expect(run.stderr.split("\n").filter((l) => !l.startsWith('{"progress"'))).toEqual([""]);
    expect(run.code).toBe(0);
    const rows = readRows(output);
    expect(rows.map((r) => Number(r.row))).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(rows.every((r) => r.error === "" && r.situationCode === "C")).toBe(true);
    expect(rows[6]).toMatchObject({
      taxCode: nif(7),
      creditLimitRequested: "7.5",
      creditLimitGranted: "14",
    });
    expect(rows[6]).toMatchObject({ classificationDate: "2024-01-31", cancellationDate: "" });
    expect(attempts.get(nif(7))).toBe(2); // the 429 was retried by the client, once
    expect(attempts.get(nif(11))).toBe(2);
    expect(attempts.get(nif(1))).toBe(1);
    const progress = run.stderr.split("\n").filter((l) => l.startsWith('{"progress"'));
    expect(progress).toHaveLength(20); // one line per 5 %
    expect(JSON.parse(progress.at(-1) ?? "{}").progress).toMatchObject({
      done: 500,
      failed: 0,
      total: 500,
    });
  }, 60_000);

  it("exits 1 with the reason in the row when a debtor fails or is invalid, and sends nothing for the invalid one", async () => {
    server = await startFaultServer();
    cesce(server, { alwaysFailing: nif(2) });
    const output = join(dir, "some-failed.csv");
    const input = debtors(3, "ES,B12345670\n");
    const run = await runCli(cli, args(input, output, "--quiet"), env());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const rows = readRows(output);
    expect(rows.map((r) => [r.row, r.error === ""])).toEqual([
      ["1", true],
      ["2", false],
      ["3", true],
      ["4", false],
    ]);
    expect(rows[1]?.error).toMatch(/503/);
    expect(rows[3]?.error).toMatch(/not a valid Spanish NIF, NIE or CIF/);
    expect(attempts.has("B12345670")).toBe(false);
    expect(attempts.get(nif(2))).toBe(3); // the client's own 2 retries, none added
  }, 30_000);

  for (const signal of ["SIGINT", "SIGKILL"] as const) {
    it(`killed with ${signal} half-way and resumed, writes each input row exactly once`, async () => {
      server = await startFaultServer();
      cesce(server, { delayMs: 10 });
      const output = join(dir, `${signal}.csv`);
      const input = debtors(500);
      const first = await runCli(
        cli,
        args(input, output, "--quiet", "--concurrency", "2"),
        env(),
        (child) => {
          const timer = setInterval(() => {
            let text = "";
            try {
              text = readFileSync(output, "utf8");
            } catch {}
            if (text.split("\n").length > 200) {
              clearInterval(timer);
              child.kill(signal);
            }
          }, 20);
          child.on("close", () => clearInterval(timer));
        },
      );
      if (signal === "SIGINT") expect(first.code).toBe(130);
      else expect(first.signal).toBe("SIGKILL");
      const written = readRows(output).length;
      expect(written).toBeGreaterThan(150);
      expect(written).toBeLessThan(500);
      const second = await runCli(cli, args(input, output, "--quiet"), env());
      expect(second.code).toBe(0);
      const rows = readRows(output);
      expect(rows.map((r) => Number(r.row))).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      expect(rows.map((r) => r.taxCode)).toEqual(Array.from({ length: 500 }, (_, i) => nif(i + 1)));
    }, 60_000);
  }

  it.each([
    [
      "bad CSV",
      'countryCode,taxCode\nES,"B1234\n',
      /^bctt-cesce: bad CSV in .*Quote Not Closed/,
      env,
    ],
    [
      "unknown column",
      "countryCode,taxCode,vat\nES,B12345674,1\n",
      /^bctt-cesce: unknown column\(s\) in .*: vat$/,
      env,
    ],
    [
      "missing credentials",
      "countryCode,taxCode\nES,B12345674\n",
      /^bctt-cesce: missing environment variable\(s\): CESCE_CLIENT_ID, CESCE_CLIENT_SECRET, CESCE_USERNAME, CESCE_PASSWORD$/,
      () => ({}),
    ],
  ])(
    "%s → exit 2 with a one-line reason, no output written",
    async (name, csv, reason, environment) => {
      server = await startFaultServer();
      cesce(server);
      const input = join(dir, `${name}.csv`);
      writeFileSync(input, csv);
      const output = join(dir, `${name}-out.csv`);
      const run = await runCli(cli, args(input, output), environment());
      expect(run.code).toBe(2);
      const lines = run.stderr.split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(reason);
      expect(server.hits).toHaveLength(0);
      expect(() => readFileSync(output)).toThrow();
    },
    30_000,
  );

  it("prints its help with exit 0", async () => {
    const run = await runCli(cli, ["cesce", "classifications", "--help"], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: bctt-cesce cesce classifications --contract/);
    expect(run.stdout).toMatch(/Exit codes: 0 all rows done, 1 some rows failed, 2 usage/);
  });
});
