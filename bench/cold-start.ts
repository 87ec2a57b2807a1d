/**
 * Figure 2: 1 000 concurrent calls on a new client. They must share one Authenticate; the wall
 * time of the burst is set against the same burst on the now-warm client. A burst of raw fetches
 * first opens the connections (undici keeps one per concurrent request), so that both client
 * bursts find the same warm connection pool and the difference is the client's own cold start:
 * the authentication round trip and code that runs for the first time.
 */
import { type Figure, fixed, type Log } from "./figure.ts";
import { credentials, type LoopbackServer, sessionToken } from "./loopback.ts";
import { sdk } from "./sdk.ts";

const { createPartnersPortalClient, unwrap } = sdk;

const calls = 1000;
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const path = "/v1/processes/{processUniqueId}/message";

async function timed(burst: () => Promise<unknown>[]): Promise<number> {
  const started = performance.now();
  await Promise.all(burst());
  return performance.now() - started;
}

export async function measureColdStart(server: LoopbackServer, log: Log): Promise<Figure> {
  const url = `${server.baseUrl}/v1/processes/${processUniqueId}/message`;
  const headers = { authorization: `Bearer ${sessionToken}` };
  const rawBurst = () =>
    Array.from({ length: calls }, async () => (await fetch(url, { headers })).arrayBuffer());
  const poolMs = await timed(rawBurst);
  const rawMs = await timed(rawBurst);

  await server.reset();
  const client = createPartnersPortalClient({
    baseUrl: server.baseUrl,
    credentials,
    taxonomyCacheTtlMs: 0,
  });
  const init = { params: { path: { processUniqueId } } };
  const sdkBurst = () => Array.from({ length: calls }, () => unwrap(client.GET(path, init)));
  const coldMs = await timed(sdkBurst);
  const cold = await server.stats();
  const warmMs = await timed(sdkBurst);
  const warm = await server.stats();
  const authentications = cold.authentications;
  const warmAuthentications = warm.authentications - cold.authentications;
  if (cold.requests !== calls + authentications) throw new Error("cold burst: lost requests");
  log(
    `  cold start: ${authentications} authentication(s), cold ${fixed(coldMs)} ms, warm ${fixed(warmMs)} ms`,
  );

  const details = [
    `${calls} concurrent \`GET ${path}\` (\`Promise.all\` of \`unwrap(client.GET(…))\`) on a client just`,
    "created, then the same burst again on that client, now holding its session. Authentications",
    "are counted by the server.",
    "",
    "| burst | wall ms | authentications |",
    "| --- | ---: | ---: |",
    `| raw fetch, opening the connections (not compared) | ${fixed(poolMs)} | — |`,
    `| raw fetch, connections open | ${fixed(rawMs)} | — |`,
    `| SDK, new client (cold) | ${fixed(coldMs)} | ${authentications} |`,
    `| SDK, same client (warm) | ${fixed(warmMs)} | ${warmAuthentications} |`,
    "",
    `Cold / warm = ${(coldMs / warmMs).toFixed(2)}×: the cold burst waits for one Authenticate round`,
    "trip (loopback, answered at once here) before any call goes out, and runs the SDK's code for",
    "the first time (JIT warm-up).",
  ].join("\n");
  return {
    title: "5. Cold start: 1 000 concurrent calls",
    measured: `${authentications} authentication; cold ${fixed(coldMs, 0)} ms vs warm ${fixed(warmMs, 0)} ms`,
    goal: "1 authentication",
    met: authentications === 1 && warmAuthentications === 0,
    details,
  };
}
