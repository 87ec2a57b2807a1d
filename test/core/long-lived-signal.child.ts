/**
 * Run by `long-lived-signal.test.ts` in a child process with `--expose-gc`: `calls` sequential
 * calls sharing one AbortSignal, through bare openapi-fetch or the SDK (argv[2]), over a fetch
 * that answers at once. Prints, as JSON: the most listeners not added by the platform itself
 * that were left on the signal after any call, the listeners left after the run (before and
 * after a collection), and the heap retained by the run after a full collection.
 */

import { getEventListeners, setMaxListeners } from "node:events";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/partners-portal.js";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials } from "../helpers.ts";

/** `bare`, `sdk`, or `leaky`: the SDK plus a listener left on the signal per call (the control). */
const mode = process.argv[2] ?? "bare";
const calls = Number(process.argv[3] ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");
const baseUrl = "http://127.0.0.1:9";

const answer = (request: Request) =>
  new URL(request.url).pathname === "/v1/authentication"
    ? Response.json({ sessionToken: "session-token-1" })
    : Response.json([{ id: 1, description: "Masculino" }]);
const fetch = (async (input: RequestInfo | URL, init?: RequestInit) =>
  answer(input instanceof Request ? input : new Request(input, init))) as typeof globalThis.fetch;

const client =
  mode !== "bare"
    ? createPartnersPortalClient({ baseUrl, credentials, fetch, taxonomyCacheTtlMs: 0 })
    : createClient<paths>({ baseUrl, fetch });

/** The shared signal, its listeners tracked: who added each (the platform, or anyone else). */
const shared = new AbortController().signal;
// Above the platform's own raise (to 1500), so that 20 000 pending Request listeners warn nothing.
setMaxListeners(1_000_000, shared);
const addedByOthers = new Set<unknown>();
const add = shared.addEventListener.bind(shared);
const remove = shared.removeEventListener.bind(shared);
/** The file of the function that called addEventListener: "node:internal/…" for the platform. */
function callerFile(): string {
  const { prepareStackTrace, stackTraceLimit } = Error;
  Error.stackTraceLimit = 3;
  // The raw call sites: no source map is read, which would cost more than the call itself.
  Error.prepareStackTrace = (_, sites) => sites[2]?.getFileName() ?? "";
  const file = new Error().stack as unknown as string;
  Error.prepareStackTrace = prepareStackTrace;
  Error.stackTraceLimit = stackTraceLimit;
  return file;
}
shared.addEventListener = ((type: string, listener: unknown, options?: unknown) => {
  if (!callerFile().startsWith("node:")) addedByOthers.add(listener);
  add(type, listener as EventListener, options as AddEventListenerOptions);
}) as AbortSignal["addEventListener"];
shared.removeEventListener = ((type: string, listener: unknown, options?: unknown) => {
  addedByOthers.delete(listener);
  remove(type, listener as EventListener, options as EventListenerOptions);
}) as AbortSignal["removeEventListener"];

const listenersOnSignal = () => getEventListeners(shared, "abort").length;
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function collect(rounds = 4): Promise<number> {
  // FinalizationRegistry callbacks (the platform's own cleanup of its Request listeners) run
  // on later turns: collect, let them run, and collect again.
  for (let round = 0; round < rounds; round++) {
    gc?.();
    await turn();
  }
  return process.memoryUsage().heapUsed;
}

async function run(count: number): Promise<number> {
  let worst = 0;
  for (let i = 0; i < count; i++) {
    if (mode === "leaky") shared.addEventListener("abort", () => undefined);
    const { error } = await client.GET("/v1/taxonomy/genders", { signal: shared });
    if (error !== undefined) throw new Error("the call failed");
    worst = Math.max(worst, addedByOthers.size);
    // As a long-running service would: collections now and then, so that the platform's own
    // Request listeners (removed once their Request is collected) do not pile up into the tens
    // of thousands, each add and remove then walking all of them.
    if (i % 1_000 === 999) await collect(1);
  }
  return worst;
}

await run(1_000); // warm: the session, the JIT, the client's caches
const before = await collect();
const worstLeftByOthers = await run(calls);
const listenersAfterRun = listenersOnSignal(); // the platform's, not yet collected
const after = await collect();
process.stdout.write(
  `${JSON.stringify({
    mode,
    calls,
    worstLeftByOthers,
    listenersAfterRun,
    listenersAfterGc: listenersOnSignal(),
    retainedBytes: after - before,
  })}\n`,
);
