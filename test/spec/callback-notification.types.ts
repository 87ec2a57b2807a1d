/**
 * Compile-time checks, enforced by `npm run typecheck`: a partner's receiver can type a delivery
 * from the generated webhook types, and a notification names a process or a simulation, not both.
 */
import type { components, webhooks } from "../../generated/partners-portal.ts";

type Notification = components["schemas"]["CallbackNotification"];

export function typedDelivery(body: webhooks["partnerNotification"]["post"]["requestBody"]) {
  const delivery: Notification | undefined = body?.content["application/json"];
  const byProcess: Notification = {
    notificationTypeID: 2,
    processUniqueId: "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c",
    rawBody: {},
  };
  // @ts-expect-error a notification names a process or a simulation, never both
  const both: Notification = { processUniqueId: "p", simulationUniqueId: "s" };
  // @ts-expect-error nor neither
  const neither: Notification = { notificationTypeID: 1 };
  return [delivery, byProcess, both, neither];
}
