/**
 * Compile-time checks of pagination typing, enforced by `npm run typecheck`: an item is typed
 * from its own path, and a path without x-pagination (or absent from the spec) does not compile.
 */
import { type createPartnersPortalClient, paginate } from "../../src/index.ts";

declare const client: ReturnType<typeof createPartnersPortalClient>;
export async function probe() {
  for await (const m of paginate(client, "/v1/processes/{processUniqueId}/message", {
    params: { path: { processUniqueId: "x" } },
  })) {
    m.subject;
  }
  const p = "/v1/processes/{processUniqueId}/message" as const;
  for await (const m of paginate(client, p, { params: { path: { processUniqueId: "x" } } })) {
    m.subject;
  }
}
export async function wrongPath() {
  // @ts-expect-error a path without x-pagination does not type-check
  paginate(client, "/v1/taxonomy/genders");
  // @ts-expect-error a path the spec lacks does not type-check
  paginate(client, "/v1/nowhere");
}
