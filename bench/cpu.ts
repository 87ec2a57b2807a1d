/**
 * Figure 1: client CPU per request on loopback, the SDK against its peers, the way a user's
 * long-running service pays it. Every arm (raw fetch, bare openapi-fetch, the SDK as it sends by
 * default on Node.js (node:http) and with the platform fetch, ofetch and ky, the last two with
 * retries and a timeout on, as the SDK has them) runs in the SAME warm
 * process, its blocks interleaved in a shuffled order each round (cpu-worker.ts), so that the
 * JIT, the heap, the collector and the machine's drift are shared alike. Several process
 * replicas run one after another; each ratio is taken round by round (the arm's block against
 * bare openapi-fetch's block in the same round), and the figure is the median over every round
 * of every replica, with the spread of the replicas' own medians beside it.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Arm, arms, type CpuPlan } from "./cpu-worker.ts";
import { type Figure, fixed, type Log, median, ratio } from "./figure.ts";
import type { LoopbackServer } from "./loopback.ts";

const run = promisify(execFile);
const replicas = 5;
const plan: Omit<CpuPlan, "seed"> = { warmup: 3_000, rounds: 40, block: 200 };
const goalVsBare = 1.15;
const goalVsOfetch = 1.0;
const labels: Record<Arm, string> = {
  raw: "raw fetch + `response.json()`",
  "openapi-fetch": "bare openapi-fetch",
  sdk: "SDK (`unwrap(client.GET(…))`, built bundle; node:http, the default)",
  "sdk-fetch": "SDK as above, with `fetch: globalThis.fetch`",
  ofetch: "ofetch 1.5 (retry 2, timeout 30 s)",
  ky: "ky 2.1 (retry 2, timeout 30 s)",
};

type Blocks = Record<Arm, number[]>;

async function replica(baseUrl: string, seed: number): Promise<Blocks> {
  const script = fileURLToPath(new URL("./cpu-worker.ts", import.meta.url));
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", script, baseUrl, JSON.stringify({ ...plan, seed })],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Blocks;
}

/** Per round, `arm`'s block over `base`'s block in the same round. */
const roundRatios = (blocks: Blocks, arm: Arm, base: Arm) =>
  blocks[arm].map((value, i) => value / (blocks[base][i] ?? Number.NaN));
const range = (values: number[]) =>
  `${fixed(Math.min(...values), 2)}–${fixed(Math.max(...values), 2)}`;

/** Where the SDK's cost goes: its layer over openapi-fetch, and what sending with node:http saves. */
function whereItGoes(layerUs: number, savedUs: number): string[] {
  return [
    `The SDK's own layer (session token, path and query guards, request validation, the`,
    "per-attempt timeout, the body read inside the attempt so a reset mid-body is retried, error",
    `mapping, logging and quota) costs ${fixed(layerUs)} µs a request over bare openapi-fetch when both send`,
    "with the platform fetch (the `fetch: globalThis.fetch` row). On Node.js the SDK sends with",
    "node:http instead (src/core/node-http.ts): it reads every body whole before handing it on,",
    "so fetch's request copy, streams and response are pure cost there, and leaving them saves",
    `${fixed(savedUs)} µs a request, more than the layer costs. Other runtimes, and a custom \`fetch\`, pay the`,
    "fetch row.",
  ];
}

export async function measureCpu(server: LoopbackServer, log: Log): Promise<Figure> {
  const runs: Blocks[] = [];
  for (let i = 0; i < replicas; i++) {
    runs.push(await replica(server.baseUrl, 20_261_122 + i));
    log(`  cpu: replica ${i + 1}/${replicas}`);
  }
  const all = (arm: Arm) => runs.flatMap((blocks) => blocks[arm]);
  const ratioOf = (arm: Arm, base: Arm) =>
    median(runs.flatMap((blocks) => roundRatios(blocks, arm, base)));
  const spreadOf = (arm: Arm, base: Arm) =>
    range(runs.map((blocks) => median(roundRatios(blocks, arm, base))));
  const vsBare = ratioOf("sdk", "openapi-fetch");
  const vsOfetch = ratioOf("sdk", "ofetch");
  const met = vsBare <= goalVsBare && vsOfetch <= goalVsOfetch;
  const rows = arms.map((arm) => {
    const us = median(all(arm));
    const perReplica = range(runs.map((blocks) => median(blocks[arm])));
    return `| ${labels[arm]} | ${fixed(us)} | ${perReplica} | ${ratio(ratioOf(arm, "openapi-fetch"))} | ${spreadOf(arm, "openapi-fetch")} | ${ratio(ratioOf(arm, "ofetch"))} |`;
  });
  log(`  cpu: SDK ${ratio(vsBare)} openapi-fetch, ${ratio(vsOfetch)} ofetch`);
  const details = [
    `${replicas} process replicas, one after another; in each, every arm is warmed by ${plan.warmup}`,
    `requests, then ${plan.rounds} rounds run, each a block of ${plan.block} sequential`,
    "`GET /v1/processes/{processUniqueId}/message` (3 messages) per arm, in a shuffled order. CPU",
    "is `process.cpuUsage()` (user + system) of the client process over a block, per request; the",
    "server is another process. Ratios are taken round by round within a replica, so a slow",
    "moment of the machine weighs on every arm of that round alike.",
    "",
    "| arm | median µs/request | replicas' medians (µs) | vs openapi-fetch | replicas' ratios | vs ofetch |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    `SDK / openapi-fetch = **${ratio(vsBare)}** (goal ≤ ${ratio(goalVsBare)}); SDK / ofetch =`,
    `**${ratio(vsOfetch)}** (goal ≤ ${ratio(goalVsOfetch)}).`,
    "",
    ...whereItGoes(
      median(all("sdk-fetch")) - median(all("openapi-fetch")),
      median(all("sdk-fetch")) - median(all("sdk")),
    ),
    ...(met ? [] : ["", "**Goal missed**: the costs above are its measured reason."]),
  ].join("\n");
  return {
    title: "1. Client CPU per request (loopback)",
    measured: `SDK ${fixed(median(all("sdk")))} µs: ${ratio(vsBare)} openapi-fetch, ${ratio(vsOfetch)} ofetch`,
    goal: `≤ ${ratio(goalVsBare)} openapi-fetch, ≤ ${ratio(goalVsOfetch)} ofetch`,
    met,
    details,
  };
}
