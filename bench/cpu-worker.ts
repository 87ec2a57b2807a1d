/**
 * One client process of figure 1: it makes the request one way (`raw`, `openapi-fetch` or `sdk`,
 * its first argument) against the server at its second argument. For each number it receives
 * over IPC it makes that many sequential requests and answers the process's CPU and wall time per
 * request, in µs. Each variant lives in its own processes, so that no variant's JIT feedback or
 * garbage lands on another's.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/partners-portal.ts";
import { createPartnersPortalClient, unwrap } from "../src/index.ts";
import { credentials, sessionToken } from "./loopback.ts";

export type VariantName = "raw" | "openapi-fetch" | "sdk";
export interface BlockResult {
  cpu: number;
  wall: number;
}

const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const path = "/v1/processes/{processUniqueId}/message";

/** The same request three ways; each resolves to the number of messages read (3). */
function requestOf(variant: VariantName, baseUrl: string): () => Promise<number> {
  const authorization = `Bearer ${sessionToken}`;
  const init = { params: { path: { processUniqueId } } };
  if (variant === "raw") {
    const url = `${baseUrl}/v1/processes/${processUniqueId}/message`;
    return async () => {
      const response = await fetch(url, { headers: { authorization } });
      if (!response.ok) throw new Error(`raw fetch: ${response.status}`);
      return ((await response.json()) as { messages: unknown[] }).messages.length;
    };
  }
  if (variant === "openapi-fetch") {
    const client = createClient<paths>({ baseUrl, headers: { authorization } });
    return async () => {
      const { data, error, response } = await client.GET(path, init);
      if (error !== undefined || !data) throw new Error(`openapi-fetch: ${response.status}`);
      return data.messages.length;
    };
  }
  const client = createPartnersPortalClient({ baseUrl, credentials, taxonomyCacheTtlMs: 0 });
  return async () => (await unwrap(client.GET(path, init))).messages.length;
}

const [variant, baseUrl] = process.argv.slice(2) as [VariantName, string];
const request = requestOf(variant, baseUrl);
process.on("message", async (count: number) => {
  const started = performance.now();
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    if ((await request()) !== 3) throw new Error(`${variant}: wrong message count`);
  }
  const used = process.cpuUsage(before);
  const wall = (performance.now() - started) * 1000;
  process.send?.({ cpu: (used.user + used.system) / count, wall: wall / count });
});
process.send?.("ready");
