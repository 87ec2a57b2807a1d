/**
 * bctt-cesce-sdk/callbacks: receives the notifications the Partners Portal pushes to a
 * partner's callback URL. Web-standard (no `node:` import); `toNodeListener` adapts it to Node.
 * Every export is listed here by name.
 */

export {
  createMemoryDedupeStore,
  type DedupeStore,
  type DeliveryClaim,
  type DeliveryState,
  type MemoryDedupeStoreOptions,
} from "./dedupe-store.js";
export { BodyAlreadyReadError, CallbackOptionsError } from "./errors.js";
export { createCallbackHandler } from "./handler.js";
export { type HmacSignatureOptions, hmacSignature, signBody } from "./hmac-signature.js";
export { ipAllowlist } from "./ip-allowlist.js";
export {
  type NodeListenerOptions,
  type NodeRequestLike,
  type NodeResponseLike,
  toNodeListener,
} from "./node-listener.js";
export {
  type CallbackNotification,
  isNotificationType,
  type NotificationsByType,
  type ProcessNotification,
  type SimulationNotification,
} from "./notification.js";
export type {
  Authenticator,
  CallbackConnection,
  CallbackContext,
  CallbackErrorPhase,
  CallbackHandler,
  CallbackHandlerOptions,
  DeliveryEvidence,
} from "./options.js";
export { type BasicCredential, basicCredentials, sharedSecretHeader } from "./shared-secret.js";
export { checkNotification, isCallbackNotification, type Problem } from "./validate.js";
