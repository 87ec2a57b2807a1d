/**
 * `npm run conformance -- --capture-callbacks [--port <n>] [--out <dir>]` records the bank's
 * callback deliveries instead (see scripts/callbacks-capture.ts).
 *
 * `npm run conformance -- <upstream-url> [--api <name>] [--port <n>] [--demo]`: Prism as a
 * validating proxy in front of a real host. Every response that differs from our spec (an
 * inferred field that is really named otherwise, a missing property, a wrong type) is printed,
 * so the inferred parts of the specs can be checked against the live API.
 *
 * The spec is --api, else told by the URL (Banco CTT's or CESCE's hosts); a URL that does not
 * say (a local server) needs --api. Point the SDK's baseUrl at the printed proxy URL and end with
 * Ctrl-C, or pass --demo to run `npm run demo` through it. Exits 1 when a response broke the spec
 * or the run failed (Prism could not reach the host, the demo failed), 2 on a usage error.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type ApiName, apiForUrl, apis, isApiName, isLoopback } from "./apis.ts";
import { type PrismServer, specPath, startPrism } from "./prism.ts";
import { parsePrismLine } from "./prism-log.ts";
import { onShutdown } from "./shutdown.ts";

const usage = `usage: npm run conformance -- <upstream-url> [--api ${apis.join("|")}] [--port <n>] [--demo]`;
function refuse(line: string, code = 2): never {
  console.error(`conformance: ${line}`);
  process.exit(code);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    api: { type: "string" },
    port: { type: "string" },
    demo: { type: "boolean" },
    "capture-callbacks": { type: "boolean" },
    out: { type: "string" },
  },
});
if (values["capture-callbacks"]) {
  const { captureCallbacks } = await import("./callbacks-capture.ts");
  const out = values.out ?? join(import.meta.dirname, "..", ".conformance", "callbacks");
  const recorder = await captureCallbacks({
    out,
    ...(values.port ? { port: Number(values.port) } : {}),
  });
  console.log(`Recording callback deliveries on ${recorder.url} into ${out}. Ctrl-C ends.`);
  onShutdown(async () => {
    await recorder.stop();
    console.log(`\n${recorder.count()} delivery(ies) recorded.`);
    process.exit(0);
  });
  await new Promise(() => {});
}
const upstream = URL.canParse(positionals[0] ?? "") ? new URL(positionals[0] ?? "") : undefined;
if (!upstream) refuse(usage);
if (values.api !== undefined && !isApiName(values.api))
  refuse(`--api must be one of ${apis.join(", ")}`);
const api: ApiName =
  (values.api as ApiName | undefined) ??
  apiForUrl(upstream) ??
  refuse(
    `cannot tell which API ${upstream.origin} serves from its URL; add --api ${apis.join("|")}`,
  );

const requests = new Map<string, number>();
const violations = new Map<string, string[]>();
const failures: string[] = [];
let current = "";
function onLog(line: string): void {
  const event = parsePrismLine(line);
  if (event?.kind === "request") {
    current = `${event.method} ${event.path}`;
    requests.set(current, (requests.get(current) ?? 0) + 1);
  } else if (event?.kind === "response") {
    console.log(`  ${current} → ${event.status}`);
  } else if (event?.kind === "violation") {
    violations.set(current, [...(violations.get(current) ?? []), event.message]);
    console.log(`  ✖ ${current}: ${event.message}`);
  } else if (event?.kind === "failure") {
    failures.push(`${current}: ${event.message}`);
    console.log(`  ✖ ${current}: Prism could not get an answer: ${event.message}`);
  }
}

const servers: PrismServer[] = [];
let demo: ChildProcess | undefined;
let demoExit: number | null = 0;
async function finish(): Promise<never> {
  if (demo && demo.exitCode === null) {
    demo.kill("SIGTERM");
    [demoExit] = (await once(demo, "exit")) as [number | null];
  }
  await Promise.all(servers.map((server) => server.stop()));
  const total = [...requests.values()].reduce((sum, n) => sum + n, 0);
  console.log(`\n${total} request(s), ${violations.size} operation(s) with violations.`);
  for (const [request, list] of violations)
    console.log(`  ${request}: ${list.length} violation(s)`);
  if (failures.length > 0)
    console.log(`${failures.length} request(s) got no answer from the host.`);
  if (demoExit !== 0) console.log(`The demo failed (exit code ${demoExit}).`);
  process.exit(violations.size > 0 || failures.length > 0 || demoExit !== 0 ? 1 : 0);
}
onShutdown(() => void finish());

const port = values.port ? Number(values.port) : undefined;
const proxy = await startPrism(specPath(api), { upstream: upstream.href, onLog, port }).catch(
  (error: Error) => refuse(`Prism could not start: ${error.message.split("\n")[0]}`, 1),
);
servers.push(proxy);
console.log(`Validating ${upstream.href} against openapi/${api}/ through ${proxy.url}`);

/** A local mock of the other CESCE spec the demo needs beside the one under check. */
async function localMock(other: ApiName, why: string): Promise<string> {
  const mock = await startPrism(specPath(other));
  servers.push(mock);
  console.log(`${other}: ${mock.url}, a local mock (${why})`);
  return mock.url;
}

/** The demo's hosts: the proxy for the API under check, nothing for the other API. */
async function demoEnvironment(): Promise<Record<string, string>> {
  const env = process.env;
  const local = isLoopback(upstream as URL);
  if (api === "partners-portal") return { BCTT_BASE_URL: proxy.url, CESCE_BASE_URL: "" };
  if (api === "cesce-classifications") {
    // A local gateway's demo credentials never go to CESCE's real token endpoint.
    const tokenUrl =
      env.CESCE_TOKEN_URL ||
      (local ? `${await localMock("cesce-oauth", "the gateway is local")}/token` : "");
    const hosts: Record<string, string> = { BCTT_BASE_URL: "", CESCE_BASE_URL: proxy.url };
    if (tokenUrl) hosts.CESCE_TOKEN_URL = tokenUrl;
    return hosts;
  }
  const gateway =
    env.CESCE_BASE_URL ||
    (local ? await localMock("cesce-classifications", "the token endpoint is local") : "");
  if (!gateway) refuse("--demo against cesce-oauth needs CESCE_BASE_URL, the gateway to call");
  return { BCTT_BASE_URL: "", CESCE_BASE_URL: gateway, CESCE_TOKEN_URL: `${proxy.url}/token` };
}

if (values.demo) {
  const tsx = join(import.meta.dirname, "../node_modules/tsx/dist/cli.mjs");
  demo = spawn(process.execPath, [tsx, join(import.meta.dirname, "demo.ts")], {
    stdio: "inherit",
    env: { ...process.env, ...(await demoEnvironment()) },
  });
  [demoExit] = (await once(demo, "exit")) as [number | null];
  await finish();
} else {
  console.log(
    "Point the SDK's baseUrl at the proxy; each response that differs from the spec is printed. Ctrl-C ends.",
  );
}
