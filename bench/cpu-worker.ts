/**
 * One process replica of the CPU figure. It builds every arm (the same request made five ways),
 * warms each with `warmup` requests, then runs `rounds` rounds: in each, every arm makes one
 * block of `block` sequential requests, in a new shuffled order, and the block's CPU per request
 * (`process.cpuUsage()`, user + system) is recorded. All arms share the process, as they would
 * share a user's long-running service: one JIT, one heap, one garbage collector, and blocks
 * interleaved so that the machine's drift and the collector's pauses fall on every arm alike.
 *
 * Arguments: the server's base URL, then a JSON `{ warmup, rounds, block, seed }`. It answers
 * one JSON line on stdout: `{ [arm]: number[] }`, µs per request of each block.
 */
import ky from "ky";
import { ofetch } from "ofetch";
import createClient from "openapi-fetch";
import type { paths } from "../generated/partners-portal.ts";
import { credentials, sessionToken } from "./loopback.ts";
import { sdk as package_ } from "./sdk.ts";
import { shuffler } from "./shuffle.ts";

export const arms = ["raw", "openapi-fetch", "sdk", "sdk-fetch", "ofetch", "ky"] as const;
export type Arm = (typeof arms)[number];
export interface CpuPlan {
  warmup: number;
  rounds: number;
  block: number;
  seed: number;
}

const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const path = "/v1/processes/{processUniqueId}/message";
type Messages = { messages: unknown[] };

/** The same GET made each way; each resolves to the number of messages read (3). */
function requests(baseUrl: string): Record<Arm, () => Promise<number>> {
  const authorization = `Bearer ${sessionToken}`;
  const url = `${baseUrl}/v1/processes/${processUniqueId}/message`;
  const init = { params: { path: { processUniqueId } } };
  const bare = createClient<paths>({ baseUrl, headers: { authorization } });
  const { createPartnersPortalClient, unwrap } = package_;
  const sdk = createPartnersPortalClient({ baseUrl, credentials, taxonomyCacheTtlMs: 0 });
  // The same client sending with the platform fetch, as it does given a custom `fetch` option,
  // and on runtimes other than Node.js: what the SDK's own layer costs over openapi-fetch.
  const sdkOverFetch = createPartnersPortalClient({
    baseUrl,
    credentials,
    taxonomyCacheTtlMs: 0,
    fetch: globalThis.fetch,
  });
  // The peers with what the SDK does by default turned on: 2 retries and a 30 s timeout.
  const ofetchClient = ofetch.create({ headers: { authorization }, retry: 2, timeout: 30_000 });
  const kyClient = ky.create({ headers: { authorization }, retry: { limit: 2 }, timeout: 30_000 });
  return {
    raw: async () => {
      const response = await fetch(url, { headers: { authorization } });
      if (!response.ok) throw new Error(`raw fetch: ${response.status}`);
      return ((await response.json()) as Messages).messages.length;
    },
    "openapi-fetch": async () => {
      const { data, response } = await bare.GET(path, init);
      if (!data) throw new Error(`openapi-fetch: ${response.status}`);
      return data.messages.length;
    },
    sdk: async () => (await unwrap(sdk.GET(path, init))).messages.length,
    "sdk-fetch": async () => (await unwrap(sdkOverFetch.GET(path, init))).messages.length,
    ofetch: async () => (await ofetchClient<Messages>(url)).messages.length,
    ky: async () => (await kyClient.get(url).json<Messages>()).messages.length,
  };
}

/** CPU per request (µs, user + system) of `count` sequential requests. */
export async function block(request: () => Promise<number>, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    if ((await request()) !== 3) throw new Error("wrong message count");
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

async function main(): Promise<void> {
  const [baseUrl, planJson] = process.argv.slice(2) as [string, string];
  const plan = JSON.parse(planJson) as CpuPlan;
  const request = requests(baseUrl);
  for (const arm of arms) await block(request[arm], plan.warmup);
  const shuffle = shuffler(plan.seed);
  const results = Object.fromEntries(arms.map((arm) => [arm, [] as number[]])) as Record<
    Arm,
    number[]
  >;
  for (let round = 0; round < plan.rounds; round++) {
    for (const arm of shuffle(arms)) results[arm].push(await block(request[arm], plan.block));
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

// cpu.ts imports the arms from here; only the worker process runs the measurement.
if (process.argv[1] === import.meta.filename) await main();
