/**
 * One process replica of the observability figure: the SDK's `unwrap(client.GET(…))` made by
 * four clients of the built bundle that differ only in logging and tracing, interleaved in the
 * same warm process as cpu-worker.ts does it. `@opentelemetry/api` is installed (a
 * devDependency) and no OpenTelemetry SDK is registered, as in an app that has the API through
 * some other package but does not trace.
 *
 * Arguments: the server's base URL, then a JSON `{ warmup, rounds, block, seed }`. It answers
 * one JSON line on stdout: `{ [arm]: number[] }`, µs per request of each block.
 */
import { block, type CpuPlan } from "./cpu-worker.ts";
import { credentials } from "./loopback.ts";
import { sdk } from "./sdk.ts";
import { shuffler } from "./shuffle.ts";

export const observabilityArms = ["without", "warn", "tracing", "defaults"] as const;
export type ObservabilityArm = (typeof observabilityArms)[number];

const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const path = "/v1/processes/{processUniqueId}/message";

/** The options each arm's client differs by. */
const armOptions: Record<ObservabilityArm, object> = {
  without: { logLevel: "off", tracing: false },
  warn: { logLevel: "warn", tracing: false },
  tracing: { logLevel: "off", tracing: true },
  defaults: {},
};

function requests(baseUrl: string): Record<ObservabilityArm, () => Promise<number>> {
  const { createPartnersPortalClient, unwrap } = sdk;
  const init = { params: { path: { processUniqueId } } };
  const entries = observabilityArms.map((arm) => {
    const client = createPartnersPortalClient({
      ...{ baseUrl, credentials, taxonomyCacheTtlMs: 0 },
      ...armOptions[arm],
    });
    const request = async () => (await unwrap(client.GET(path, init))).messages.length;
    return [arm, request] as const;
  });
  return Object.fromEntries(entries) as Record<ObservabilityArm, () => Promise<number>>;
}

async function main(): Promise<void> {
  const [baseUrl, planJson] = process.argv.slice(2) as [string, string];
  const plan = JSON.parse(planJson) as CpuPlan;
  const request = requests(baseUrl);
  for (const arm of observabilityArms) await block(request[arm], plan.warmup);
  const shuffle = shuffler(plan.seed);
  const results = Object.fromEntries(observabilityArms.map((arm) => [arm, [] as number[]]));
  for (let round = 0; round < plan.rounds; round++) {
    for (const arm of shuffle(observabilityArms))
      results[arm]?.push(await block(request[arm], plan.block));
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

if (process.argv[1] === import.meta.filename) await main();
