/**
 * One process replica of the resource-method figure's CPU part. Six arms make three requests two
 * ways: the message list through `unwrap(client.GET(…))` and through
 * `client.processes.messages.list(id)` awaited (a paginated method: its first page), and the
 * genders taxonomy through `unwrap(client.GET(…))` and `client.taxonomy.genders()`, both on the
 * loopback server; and the message list again on a client whose `fetch` answers from memory, so
 * that the SDK's own CPU is all that is measured and a method's overhead is not hidden. All arms
 * share the process (one JIT, one heap, one collector), each is warmed with `warmup` requests,
 * then `rounds` rounds run, each a block of `block` sequential requests per arm in a new shuffled
 * order; the block's CPU per request (`process.cpuUsage()`, user + system) is recorded.
 *
 * Arguments: the server's base URL, then a JSON `{ warmup, rounds, block, seed }`. It answers one
 * JSON line on stdout: `{ [arm]: number[] }`, µs per request of each block. The SDK is the built
 * bundle, as users load it (sdk.ts).
 */
import { credentials } from "./loopback.ts";
import { sdk } from "./sdk.ts";
import { shuffler } from "./shuffle.ts";

export const resourceArms = [
  "unwrap-list",
  "method-list",
  "unwrap-get",
  "method-get",
  "unwrap-memory",
  "method-memory",
] as const;
export type ResourceArm = (typeof resourceArms)[number];
export interface ResourcePlan {
  warmup: number;
  rounds: number;
  block: number;
  seed: number;
}

const { createPartnersPortalClient, unwrap } = sdk;
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";

const messages = JSON.stringify({
  messages: [1, 2, 3].map((n) => ({
    username: "u",
    subject: `s${n}`,
    text: "t",
    creationDate: "2026-01-01T00:00:00Z",
  })),
  totalCount: 3,
  count: 3,
});
/** A fetch that answers Authenticate and the message list from memory. */
const memoryFetch = (async (input: RequestInfo | URL) => {
  const url = input instanceof Request ? input.url : String(input);
  const body = url.endsWith("/v1/authentication") ? `{"sessionToken":"t"}` : messages;
  return new Response(body, { headers: { "content-type": "application/json" } });
}) as typeof fetch;

/** The three requests, each made two ways; each resolves to the number of rows read. */
function requests(baseUrl: string): Record<ResourceArm, () => Promise<number>> {
  const client = createPartnersPortalClient({ baseUrl, credentials, taxonomyCacheTtlMs: 0 });
  const memory = createPartnersPortalClient({ baseUrl, credentials, fetch: memoryFetch });
  const init = { params: { path: { processUniqueId } } };
  return {
    "unwrap-memory": async () =>
      (await unwrap(memory.GET("/v1/processes/{processUniqueId}/message", init))).messages.length,
    "method-memory": async () =>
      (await memory.processes.messages.list(processUniqueId)).messages.length,
    "unwrap-list": async () =>
      (await unwrap(client.GET("/v1/processes/{processUniqueId}/message", init))).messages.length,
    "method-list": async () =>
      (await client.processes.messages.list(processUniqueId)).messages.length,
    "unwrap-get": async () => (await unwrap(client.GET("/v1/taxonomy/genders"))).length,
    "method-get": async () => (await client.taxonomy.genders()).length,
  };
}

const expected: Record<ResourceArm, number> = {
  "unwrap-list": 3,
  "method-list": 3,
  "unwrap-get": 2,
  "method-get": 2,
  "unwrap-memory": 3,
  "method-memory": 3,
};

async function block(arm: ResourceArm, request: () => Promise<number>, count: number) {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    if ((await request()) !== expected[arm]) throw new Error(`${arm}: wrong row count`);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

const [baseUrl, planJson] = process.argv.slice(2) as [string, string];
const plan = JSON.parse(planJson) as ResourcePlan;
const request = requests(baseUrl);
for (const arm of resourceArms) await block(arm, request[arm], plan.warmup);
const shuffle = shuffler(plan.seed);
const results = Object.fromEntries(resourceArms.map((arm) => [arm, [] as number[]])) as Record<
  ResourceArm,
  number[]
>;
for (let round = 0; round < plan.rounds; round++) {
  for (const arm of shuffle(resourceArms))
    results[arm].push(await block(arm, request[arm], plan.block));
}
process.stdout.write(`${JSON.stringify(results)}\n`);
