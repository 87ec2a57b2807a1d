/**
 * The notification the bank POSTs to a partner's callback URL, typed from the spec's
 * `CallbackNotification` (the body of `webhooks.partnerNotification`). Its envelope is inferred
 * from Callback Echo; `rawBody`'s structure per type was never published.
 */
import type { components } from "../../generated/partners-portal.js";

/** A notification as the bank delivers it: about one process or one simulation. */
export type CallbackNotification = components["schemas"]["CallbackNotification"];

/** A notification about a process (`processUniqueId`, a UUID). */
export type ProcessNotification = Extract<CallbackNotification, { processUniqueId: string }>;

/** A notification about a simulation (`simulationUniqueId`). */
export type SimulationNotification = Extract<CallbackNotification, { simulationUniqueId: string }>;

/**
 * The notification types whose subject is known, by `notificationTypeID`: the ids and names of
 * the spec's notification types taxonomy example (inferred, like the taxonomy itself).
 * 5 ("Pedido de documentação") and any other id are delivered as plain `CallbackNotification`s.
 */
export interface NotificationsByType {
  /** Alteração de estado da simulação: a simulation's status changed. */
  1: SimulationNotification & { notificationTypeID: 1 };
  /** Alteração de estado do processo: a process's status changed. */
  2: ProcessNotification & { notificationTypeID: 2 };
  /** Nova mensagem na simulação: a message was posted on a simulation. */
  3: SimulationNotification & { notificationTypeID: 3 };
  /** Nova mensagem no processo: a message was posted on a process. */
  4: ProcessNotification & { notificationTypeID: 4 };
}

const subjectOf: { [N in keyof NotificationsByType]: "processUniqueId" | "simulationUniqueId" } = {
  1: "simulationUniqueId",
  2: "processUniqueId",
  3: "simulationUniqueId",
  4: "processUniqueId",
};

/**
 * Narrows a notification to a known type. Checks the subject too, so a delivery that contradicts
 * the inferred mapping (a type 2 naming a simulation) is not mistaken for one.
 * @example
 * if (isNotificationType(notification, 2)) await refreshProcess(notification.processUniqueId);
 */
export function isNotificationType<N extends keyof NotificationsByType>(
  notification: CallbackNotification,
  type: N,
): notification is NotificationsByType[N] {
  return (
    notification.notificationTypeID === type && typeof notification[subjectOf[type]] === "string"
  );
}
