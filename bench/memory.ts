/**
 * Figure 2: memory for one large response, a 20 MB JSON document (mostly base64, as the
 * Partners Portal's documents and ESIS are), through bare openapi-fetch and through the SDK
 * (`unwrap(client.GET(…))`). Each measurement is a fresh process (memory-worker.ts), the arms
 * alternating; the figure is the median of each arm's processes, with their range.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Figure, fixed, type Log, median, ratio } from "./figure.ts";
import { type LoopbackServer, largeBodyBytes } from "./loopback.ts";
import type { MemoryArm, MemoryResult } from "./memory-worker.ts";

const run = promisify(execFile);
/** One process's peak RSS varies by about ±20 MB with the collector's timing: 15 per arm. */
const replicas = 15;
const goalHeld = 1.05;
const goalPeak = 1.1;
const MB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function measure(arm: MemoryArm, baseUrl: string): Promise<MemoryResult> {
  const script = fileURLToPath(new URL("./memory-worker.ts", import.meta.url));
  const { stdout } = await run(process.execPath, [
    "--expose-gc",
    "--import",
    "tsx",
    script,
    arm,
    baseUrl,
  ]);
  const result = JSON.parse(stdout) as MemoryResult;
  if (result.contentLength < largeBodyBytes * 0.9) throw new Error(`${arm}: the document is short`);
  return result;
}

export async function measureMemory(server: LoopbackServer, log: Log): Promise<Figure> {
  const results: Record<MemoryArm, MemoryResult[]> = { bare: [], sdk: [] };
  for (let i = 0; i < replicas; i++) {
    for (const arm of (i % 2 === 0 ? ["bare", "sdk"] : ["sdk", "bare"]) as MemoryArm[])
      results[arm].push(await measure(arm, server.baseUrl));
  }
  const med = (arm: MemoryArm, key: keyof MemoryResult) => median(results[arm].map((r) => r[key]));
  const span = (arm: MemoryArm, key: keyof MemoryResult) => {
    const values = results[arm].map((r) => r[key]);
    return `${MB(Math.min(...values))}–${MB(Math.max(...values))}`;
  };
  const held = med("sdk", "heldBytes") / med("bare", "heldBytes");
  const peak = med("sdk", "peakRssGrowthBytes") / med("bare", "peakRssGrowthBytes");
  const met = held <= goalHeld && peak <= goalPeak;
  log(`  memory: held ${ratio(held)}, peak RSS growth ${ratio(peak)} bare openapi-fetch`);
  const row = (label: string, arm: MemoryArm) =>
    `| ${label} | ${MB(med(arm, "heldBytes"))} | ${span(arm, "heldBytes")} | ${MB(med(arm, "peakRssGrowthBytes"))} | ${span(arm, "peakRssGrowthBytes")} |`;
  const details = [
    `One \`GET\` of a ${MB(largeBodyBytes)} JSON document (its \`content\` base64) in a fresh process`,
    `with \`--expose-gc\`, after 20 small calls; ${replicas} processes per arm, alternating. Held: heap`,
    "used + external memory after two full collections, the result still referenced, less the",
    "same before the call. Peak RSS growth: `process.resourceUsage().maxRSS` after the call less",
    "the resident set just before it.",
    "",
    "| arm | held (median) | held (range) | peak RSS growth (median) | peak RSS growth (range) |",
    "| --- | ---: | ---: | ---: | ---: |",
    row("bare openapi-fetch (`data`)", "bare"),
    row("SDK (`unwrap`)", "sdk"),
    "",
    `SDK / bare: held **${ratio(held)}** (goal ≤ ${ratio(goalHeld)}), peak RSS growth **${ratio(peak)}**`,
    `(goal ≤ ${ratio(goalPeak)}). The SDK reads the body once into one buffer inside the attempt (so`,
    "that its timeout covers the body and a reset mid-body is retried), parses it from there, and",
    "lets go of the buffer once read; bare openapi-fetch parses the platform's stream directly.",
  ].join("\n");
  return {
    title: "2. Memory: one 20 MB response",
    measured: `held ${MB(med("sdk", "heldBytes"))} (${ratio(held)}), peak RSS +${MB(med("sdk", "peakRssGrowthBytes"))} (${ratio(peak)}) vs bare ${fixed(med("bare", "heldBytes") / 1e6)} MB / +${fixed(med("bare", "peakRssGrowthBytes") / 1e6)} MB`,
    goal: `held ≤ ${ratio(goalHeld)}, peak RSS growth ≤ ${ratio(goalPeak)} bare openapi-fetch`,
    met,
    details,
  };
}
