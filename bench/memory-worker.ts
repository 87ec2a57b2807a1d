/**
 * One process of the memory figure: it fetches the 20 MB document once, one way (`bare` for
 * bare openapi-fetch, `sdk` for the SDK), and answers on stdout, as JSON, what the process held
 * and its resident set's peak growth. Run with `--expose-gc`, one process per measurement, so
 * that no other measurement's heap or high-water mark is counted.
 *
 * - held: heap used + external memory (array buffers included) after a full collection, while
 *   the result is alive, less the same before the call;
 * - peak RSS growth: the process's highest resident set size (`resourceUsage().maxRSS`) after the
 *   call, less its resident set size just before it.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/partners-portal.ts";
import { credentials, sessionToken } from "./loopback.ts";
import { sdk } from "./sdk.ts";

export type MemoryArm = "bare" | "sdk";
export interface MemoryResult {
  heldBytes: number;
  peakRssGrowthBytes: number;
  contentLength: number;
}

const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const path = "/v1/processes/{processUniqueId}/document/{documentUniqueId}";
const init = { params: { path: { processUniqueId, documentUniqueId: "doc-1" } } };
const small = "/v1/processes/{processUniqueId}/message";

type Document = { content?: string };

function caller(
  arm: MemoryArm,
  baseUrl: string,
): { big(): Promise<unknown>; small(): Promise<unknown> } {
  if (arm === "bare") {
    const client = createClient<paths>({
      baseUrl,
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    return {
      big: async () => (await client.GET(path, init)).data,
      small: async () => (await client.GET(small, { params: { path: { processUniqueId } } })).data,
    };
  }
  const client = sdk.createPartnersPortalClient({ baseUrl, credentials, taxonomyCacheTtlMs: 0 });
  return {
    big: () => sdk.unwrap(client.GET(path, init)),
    small: () => sdk.unwrap(client.GET(small, { params: { path: { processUniqueId } } })),
  };
}

const gc = globalThis.gc as () => void;
const used = () => {
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.external;
};
const collect = () => {
  gc();
  gc();
};

const [arm, baseUrl] = process.argv.slice(2) as [MemoryArm, string];
const call = caller(arm, baseUrl);
for (let i = 0; i < 20; i++) await call.small(); // sessions, connections and code warmed
collect();
const before = used();
const rssBefore = process.memoryUsage().rss;
const result = (await call.big()) as Document;
const peakRssGrowthBytes = process.resourceUsage().maxRSS * 1024 - rssBefore;
collect();
const heldBytes = used() - before;
const contentLength = result.content?.length ?? 0;
process.stdout.write(`${JSON.stringify({ heldBytes, peakRssGrowthBytes, contentLength })}\n`);
