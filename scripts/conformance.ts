/**
 * `npm run conformance -- --capture-callbacks [--port <n>] [--out <dir>]` records the bank's
 * callback deliveries instead (see scripts/callbacks-capture.ts).
 *
 * `npm run conformance -- <upstream-url> [--api <name>] [--port <n>] [--demo]`: Prism as a
 * validating proxy in front of a real host. Every response that differs from our spec (an
 * inferred field that is really named otherwise, a missing property, a wrong type) is printed,
 * so the inferred parts of the specs can be checked against the live API.
 *
 * Point the SDK's baseUrl at the printed proxy URL, or pass --demo to run `npm run demo` through
 * it (with the real credentials in the environment, see the README). Ctrl-C prints a summary.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type ApiName, apis } from "./apis.ts";
import { specPath, startPrism } from "./prism.ts";

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
  const stop = async () => {
    await recorder.stop();
    console.log(`\n${recorder.count()} delivery(ies) recorded.`);
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await new Promise(() => {});
}
const upstream = positionals[0];
if (!upstream) {
  console.error(
    "usage: npm run conformance -- <upstream-url> [--api <name>] [--port <n>] [--demo]",
  );
  process.exit(2);
}

/** The spec for a host: --api, else a guess from the URL. */
function apiFor(url: string): ApiName {
  if (values.api) {
    if (!(apis as readonly string[]).includes(values.api))
      throw new Error(`--api must be one of ${apis.join(", ")}`);
    return values.api as ApiName;
  }
  if (/oauth2/.test(url)) return "cesce-oauth";
  if (/cesce|apiconnect/.test(url)) return "cesce-classifications";
  return "partners-portal";
}

const api = apiFor(upstream);
const requests = new Map<string, number>();
const violations = new Map<string, string[]>();
let current = "";

/** Prism logs "[HTTP SERVER] get /path … Request received" and then "[VALIDATOR] … Violation: …". */
function onLog(line: string): void {
  const received = /\[HTTP SERVER\] (\w+) (\S+) .*Request received/.exec(line);
  if (received) {
    current = `${received[1]?.toUpperCase()} ${received[2]}`;
    requests.set(current, (requests.get(current) ?? 0) + 1);
    return;
  }
  const violation = /Violation: (.*)$/.exec(line);
  if (!violation?.[1]) return;
  const list = violations.get(current) ?? [];
  list.push(violation[1]);
  violations.set(current, list);
  console.log(`  ✖ ${current}: ${violation[1]}`);
}

const port = values.port ? Number(values.port) : undefined;
const proxy = await startPrism(specPath(api), { upstream, onLog, ...(port ? { port } : {}) });
console.log(`Validating ${upstream} against openapi/${api}/ through ${proxy.url}`);

async function finish(): Promise<never> {
  await proxy.stop();
  const total = [...requests.values()].reduce((sum, n) => sum + n, 0);
  console.log(`\n${total} request(s), ${violations.size} operation(s) with violations.`);
  for (const [request, list] of violations)
    console.log(`  ${request}: ${list.length} violation(s)`);
  process.exit(0);
}
process.once("SIGINT", finish);
process.once("SIGTERM", finish);

if (values.demo) {
  const variable = api === "partners-portal" ? "BCTT_BASE_URL" : "CESCE_BASE_URL";
  const demo = spawn(
    join(import.meta.dirname, "../node_modules/.bin/tsx"),
    [join(import.meta.dirname, "demo.ts")],
    {
      stdio: "inherit",
      env: { ...process.env, [variable]: proxy.url },
    },
  );
  demo.once("exit", () => void finish());
} else {
  console.log(
    "Point the SDK's baseUrl at the proxy; each response that differs from the spec is printed. Ctrl-C ends.",
  );
}
