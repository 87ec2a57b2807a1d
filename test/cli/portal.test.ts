import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrismServer, specPath, startPrism } from "../../scripts/prism.ts";
import { builtCli, runCli } from "./built-cli.ts";

let cli: string;
let dir: string;
let prism: PrismServer;

const env = () => ({
  BCTT_CLIENT_ID: "network-client",
  BCTT_CLIENT_SECRET: "network-secret",
  BCTT_BROKER_UID: "0b8f4a52-2f6e-4c1d-9a3b-5e7c9d1f2a4b",
  BCTT_USERNAME: "broker.user@example.pt",
  BCTT_BASE_URL: prism.url,
});

beforeAll(async () => {
  cli = builtCli();
  dir = mkdtempSync(join(tmpdir(), "bctt-cli-portal-"));
  prism = await startPrism(specPath("partners-portal"));
}, 180_000);
afterAll(async () => {
  await prism?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("bctt-cesce portal (built executable, against Prism)", () => {
  it("saves every taxonomy as JSON, the two with an id when given one, and skips saved ones on a rerun", async () => {
    const out = join(dir, "taxonomies");
    const args = ["portal", "taxonomies", "--output", out, "--country-id", "1", "--county-id", "2"];
    const run = await runCli(cli, args, env());
    expect(run.stderr.split("\n").filter((l) => !l.startsWith('{"progress"'))).toEqual([""]);
    expect(run.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(45);
    expect(files).toContain("country-with-districts-1.json");
    expect(files).toContain("county-with-parishes-2.json");
    expect(Array.isArray(JSON.parse(readFileSync(join(out, "genders.json"), "utf8")))).toBe(true);
    writeFileSync(join(out, "genders.json"), "[]\n");
    const again = await runCli(cli, [...args, "--quiet"], env());
    expect(again.code).toBe(0);
    expect(readFileSync(join(out, "genders.json"), "utf8")).toBe("[]\n"); // not fetched again
  }, 60_000);

  it.each(["jsonl", "csv"])(
    "exports simulations as %s and resumes without duplicates",
    async (format) => {
      const output = join(dir, `simulations.${format}`);
      const args = [
        "portal",
        "export",
        "simulations",
        "--format",
        format,
        "--output",
        output,
        "--quiet",
      ];
      const run = await runCli(cli, args, env());
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const lines = readFileSync(output, "utf8").trimEnd().split("\n");
      const records = format === "csv" ? lines.length - 1 : lines.length;
      expect(records).toBeGreaterThan(0);
      if (format === "jsonl")
        expect(JSON.parse(lines[0] ?? "")).toHaveProperty("simulationUniqueID");
      else expect(lines[0]).toMatch(/^row,.*simulationUniqueID/);
      const again = await runCli(cli, args, env());
      expect(again.code).toBe(0);
      expect(readFileSync(output, "utf8").trimEnd().split("\n")).toEqual(lines);
    },
    60_000,
  );

  it("rejects an unknown list with exit 2", async () => {
    const run = await runCli(
      cli,
      ["portal", "export", "brokers", "--output", join(dir, "x")],
      env(),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "bctt-cesce: say what to export: simulations or processes (see --help)\n",
    );
  });
});
