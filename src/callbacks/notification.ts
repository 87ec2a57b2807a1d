/**
 * The notification the bank POSTs to a partner's callback URL, typed from the spec.
 *
 * PROVISIONAL: until the spec's `components.schemas.CallbackNotification` lands, the type is
 * written here in the same shape (Callback Echo's request body, `notificationTypeID` required).
 */

/** The part naming what the notification is about: a process or a simulation, never both. */
type Subject =
  | { processUniqueId: string; simulationUniqueId?: never }
  | { simulationUniqueId: string; processUniqueId?: never };

/** A notification as the bank delivers it. Its payload (`rawBody`) is inferred. */
export type CallbackNotification = {
  notificationTypeID: number;
  rawBody?: { [key: string]: unknown };
} & Subject;
