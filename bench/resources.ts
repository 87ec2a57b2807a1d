/**
 * Figure 10: what the resource methods cost. CPU: a method call against the same request through
 * `unwrap(client.GET(…))`, interleaved in one warm process (resources-worker.ts), ratios taken
 * round by round. Bundle: the whole runtime with and without the resource layer (its builder and
 * generated tables). Types: every operation called through its method against every operation
 * through `unwrap(client.METHOD(…))`, and what the resource types add to a one-call program.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Figure, fixed, type Log, median, ratio } from "./figure.ts";
import type { LoopbackServer } from "./loopback.ts";
import { resourceBundleCost, resourceTypeCost } from "./resources-cost.ts";
import type { ResourceArm, ResourcePlan } from "./resources-worker.ts";

const run = promisify(execFile);
const replicas = 5;
const plan: Omit<ResourcePlan, "seed"> = { warmup: 3_000, rounds: 40, block: 200 };
const goal = 1.03;
type Blocks = Record<ResourceArm, number[]>;

async function replica(baseUrl: string, seed: number): Promise<Blocks> {
  const script = fileURLToPath(new URL("./resources-worker.ts", import.meta.url));
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", script, baseUrl, JSON.stringify({ ...plan, seed })],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Blocks;
}

/** Per round, `arm`'s block over `base`'s block in the same round. */
const roundRatios = (blocks: Blocks, arm: ResourceArm, base: ResourceArm) =>
  blocks[arm].map((value, i) => value / (blocks[base][i] ?? Number.NaN));
const range = (values: number[]) =>
  `${fixed(Math.min(...values), 3)}–${fixed(Math.max(...values), 3)}`;

async function measureCalls(server: LoopbackServer, log: Log) {
  const runs: Blocks[] = [];
  for (let i = 0; i < replicas; i++) {
    runs.push(await replica(server.baseUrl, 20_261_123 + i));
    log(`  resources: replica ${i + 1}/${replicas}`);
  }
  const us = (arm: ResourceArm) => median(runs.flatMap((blocks) => blocks[arm]));
  const pair = (method: ResourceArm, base: ResourceArm) => ({
    ratio: median(runs.flatMap((blocks) => roundRatios(blocks, method, base))),
    spread: range(runs.map((blocks) => median(roundRatios(blocks, method, base)))),
    us: [us(base), us(method)] as const,
    ofMedians: us(method) / us(base),
  });
  return {
    list: pair("method-list", "unwrap-list"),
    get: pair("method-get", "unwrap-get"),
    memory: pair("method-memory", "unwrap-memory"),
  };
}

export async function measureResources(server: LoopbackServer, log: Log): Promise<Figure> {
  const calls = await measureCalls(server, log);
  const bundle = await resourceBundleCost();
  log("  resources: bundle measured, running tsc");
  const types = await resourceTypeCost(log);
  const worst = Math.max(calls.list.ratio, calls.get.ratio, calls.memory.ratio);
  const met = worst <= goal;
  const row = (label: string, p: typeof calls.list) =>
    `| ${label} | ${fixed(p.us[0])} | ${fixed(p.us[1])} | **${ratio(p.ratio)}** | ${p.spread} | ${fixed(p.ofMedians, 3)} |`;
  const details = [
    `CPU: ${replicas} process replicas; in each, six arms share one warm client process, each`,
    `warmed by ${plan.warmup} requests, then ${plan.rounds} rounds of one block of ${plan.block} sequential`,
    "requests per arm in a shuffled order (`process.cpuUsage()`, user + system, per request; the",
    "server is another process). Ratios are taken round by round, then the median over all rounds.",
    "",
    "| request | `unwrap(client.GET(…))` µs | method µs | method / unwrap (median of rounds) | replicas' ratios | ratio of the medians |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    row("message list: `processes.messages.list(id)` awaited (paginated)", calls.list),
    row("taxonomy: `taxonomy.genders()`", calls.get),
    row("message list, answered from memory (no network: the SDK's CPU alone)", calls.memory),
    "",
    ...bundle.lines,
    "",
    ...types.lines,
  ].join("\n");
  return {
    title: "10. Resource methods",
    measured: `${ratio(calls.list.ratio)} / ${ratio(calls.get.ratio)} / ${ratio(calls.memory.ratio)} CPU of unwrap (list / get / in memory); +${bundle.headline}; ${types.headline}`,
    goal: `≤ ${ratio(goal)} CPU of \`unwrap(client.GET(…))\``,
    met,
    details,
  };
}
