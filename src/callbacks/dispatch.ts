/**
 * Hands an accepted notification to the partner's handler through the delivery gate, and turns
 * the outcome into the answer: the first copy runs the handler, later copies answer as it did.
 */
import type { DeliveryGate, OwnerTicket } from "./delivery-gate.js";
import type { CallbackNotification } from "./notification.js";
import type { CallbackContext, CallbackErrorPhase, CallbackHandlerOptions } from "./options.js";
import { acceptedResponse, problemResponse } from "./responses.js";

export interface DispatcherOptions {
  gate: DeliveryGate;
  /** `acknowledge: "before-processing"`: answer 202 once admitted, run the handler after. */
  background: boolean;
  report(error: unknown, phase: CallbackErrorPhase, deliveryKey?: string): void;
  onNotification: CallbackHandlerOptions["onNotification"];
}

/** A function answering one validated notification. */
export function createDispatcher(options: DispatcherOptions) {
  const { gate, background, report } = options;

  async function run(
    notification: CallbackNotification,
    context: CallbackContext,
    ticket: OwnerTicket,
  ): Promise<boolean> {
    let succeeded = true;
    try {
      await options.onNotification(notification, context);
    } catch (error) {
      succeeded = false;
      report(error, "handler", context.deliveryKey);
    }
    await ticket.finish(succeeded);
    return succeeded;
  }

  return async function deliver(
    notification: CallbackNotification,
    context: CallbackContext,
  ): Promise<Response> {
    let ticket: Awaited<ReturnType<DeliveryGate["admit"]>>;
    try {
      ticket = await gate.admit(context.deliveryKey);
    } catch (error) {
      report(error, "dedupe-store", context.deliveryKey);
      return problemResponse(500);
    }
    if (!ticket.owner && background) {
      const admission = await ticket.admission;
      if (admission === "refused") return problemResponse(500);
      return acceptedResponse(admission === "processed" ? 200 : 202);
    }
    if (!ticket.owner) {
      return (await ticket.outcome) === "processed" ? acceptedResponse(200) : problemResponse(500);
    }
    const processing = run(notification, context, ticket);
    if (background) return acceptedResponse(202);
    return (await processing) ? acceptedResponse(200) : problemResponse(500);
  };
}
