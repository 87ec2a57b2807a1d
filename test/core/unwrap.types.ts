/**
 * Compile-time checks of `unwrap`'s result type, enforced by `npm run typecheck`: the success
 * body, and `undefined` too when the operation may answer 204 No Content (the API Commons
 * guide's status for a DELETE).
 */
import { type createPartnersPortalClient, unwrap } from "../../src/index.ts";

declare const client: ReturnType<typeof createPartnersPortalClient>;

export async function typedData() {
  const genders = await unwrap(client.GET("/v1/taxonomy/genders"));
  genders.map((g) => g.description);
  const cancelled = await unwrap(
    client.DELETE("/v1/simulations/{simulationUniqueId}", {
      params: { path: { simulationUniqueId: "SIM-1" } },
    }),
  );
  // @ts-expect-error a 204 has no body: the result may be undefined
  cancelled.operationStatus;
  return cancelled?.operationStatus.operationStatusCode;
}
