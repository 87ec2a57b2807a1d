/**
 * Figure 12: what logging at "warn" and tracing cost per call when nothing is to be written or
 * recorded: the same `unwrap(client.GET(…))` by clients of the built bundle with `logLevel:
 * "off", tracing: false` (the reference), `logLevel: "warn"`, `tracing: true` with
 * `@opentelemetry/api` installed but no SDK registered, and the defaults (both). The arms share
 * one warm process, interleaved in a shuffled order each round (observability-worker.ts), and
 * each ratio is taken round by round, as figure 1 does.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { CpuPlan } from "./cpu-worker.ts";
import { type Figure, fixed, type Log, median, ratio } from "./figure.ts";
import type { LoopbackServer } from "./loopback.ts";
import { type ObservabilityArm, observabilityArms } from "./observability-worker.ts";

const run = promisify(execFile);
const replicas = 3;
const plan: Omit<CpuPlan, "seed"> = { warmup: 2_000, rounds: 30, block: 200 };
const goal = 1.02;
const labels: Record<ObservabilityArm, string> = {
  without: 'logging off, tracing off (`logLevel: "off", tracing: false`)',
  warn: 'logging at "warn" (`logLevel: "warn"`, default `console`)',
  tracing: "tracing on, `@opentelemetry/api` installed, no SDK registered",
  defaults: "the defaults (both of the above)",
};

type Blocks = Record<ObservabilityArm, number[]>;

async function replica(baseUrl: string, seed: number): Promise<Blocks> {
  const script = fileURLToPath(new URL("./observability-worker.ts", import.meta.url));
  const env = { ...process.env };
  delete env.BCTT_CESCE_LOG;
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", script, baseUrl, JSON.stringify({ ...plan, seed })],
    { maxBuffer: 16 * 1024 * 1024, env },
  );
  return JSON.parse(stdout) as Blocks;
}

const roundRatios = (blocks: Blocks, arm: ObservabilityArm) =>
  blocks[arm].map((value, i) => value / (blocks.without[i] ?? Number.NaN));
const range = (values: number[]) =>
  `${fixed(Math.min(...values), 2)}–${fixed(Math.max(...values), 2)}`;

export async function measureObservability(server: LoopbackServer, log: Log): Promise<Figure> {
  const runs: Blocks[] = [];
  for (let i = 0; i < replicas; i++) {
    runs.push(await replica(server.baseUrl, 20_261_130 + i));
    log(`  observability: replica ${i + 1}/${replicas}`);
  }
  const ratioOf = (arm: ObservabilityArm) => median(runs.flatMap((b) => roundRatios(b, arm)));
  const spreadOf = (arm: ObservabilityArm) => range(runs.map((b) => median(roundRatios(b, arm))));
  const us = (arm: ObservabilityArm) => median(runs.flatMap((b) => b[arm]));
  const rows = observabilityArms.map(
    (arm) => `| ${labels[arm]} | ${fixed(us(arm))} | ${ratio(ratioOf(arm))} | ${spreadOf(arm)} |`,
  );
  const [warn, tracing] = [ratioOf("warn"), ratioOf("tracing")];
  log(`  observability: warn ${ratio(warn)}, tracing ${ratio(tracing)}`);
  const details = [
    `${replicas} process replicas; in each, every arm is warmed by ${plan.warmup} requests, then`,
    `${plan.rounds} rounds run, each a block of ${plan.block} sequential`,
    "`GET /v1/processes/{processUniqueId}/message` per arm, in a shuffled order; CPU is",
    "`process.cpuUsage()` of the client process per request. Nothing is logged (the server sends",
    "no rate-limit headers and nothing fails) and nothing is recorded: the figure is the cost of",
    "being ready to.",
    "",
    "| arm | median µs/request | vs off | replicas' ratios |",
    "| --- | ---: | ---: | ---: |",
    ...rows,
    "",
    `"warn" / off = **${ratio(warn)}**, tracing / off = **${ratio(tracing)}** (goal ≤ ${ratio(goal)} each).`,
  ].join("\n");
  return {
    title: "12. Logging and tracing cost",
    measured: `warn ${ratio(warn)}, tracing (no SDK) ${ratio(tracing)} of ${fixed(us("without"))} µs`,
    goal: `≤ ${ratio(goal)} each`,
    met: warn <= goal && tracing <= goal,
    details,
  };
}
