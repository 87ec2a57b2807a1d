/**
 * The receiver's options and the values it hands to the partner's code.
 */
import type { DedupeStore } from "./dedupe-store.js";
import { CallbackOptionsError } from "./errors.js";
import type { CallbackNotification } from "./notification.js";

/** What the transport knows about the connection, passed by the runtime's adapter. */
export interface CallbackConnection {
  /** The peer's IP address, as the server saw it (never read from a request header). */
  remoteAddress?: string | undefined;
}

/** What an `Authenticator` may check, besides the request's headers. */
export interface DeliveryEvidence {
  /** The exact bytes received, for a signature over the body. */
  rawBody: Uint8Array;
  remoteAddress: string | undefined;
}

/**
 * Decides whether a delivery comes from the bank. Must not throw for any input. `challenge`,
 * when set, is sent as `WWW-Authenticate` with the 401.
 */
export type Authenticator = ((
  request: Request,
  evidence: DeliveryEvidence,
) => boolean | Promise<boolean>) & { challenge?: string };

/** Given to `onNotification` with each notification. */
export interface CallbackContext {
  /** The de-duplication key: `id:…` or `sha256:<hash of the raw body>`. */
  deliveryKey: string;
  /** The body exactly as received (UTF-8), e.g. to record real payloads. */
  rawBody: string;
  headers: Headers;
  remoteAddress: string | undefined;
  receivedAt: Date;
}

/** Where an error reported to `onError` happened. */
export type CallbackErrorPhase = "handler" | "dedupe-store" | "receiver";

/** Options of `createCallbackHandler`. */
export interface CallbackHandlerOptions {
  /** Processes one notification; a throw answers 500 so the bank retries the delivery. */
  onNotification(notification: CallbackNotification, context: CallbackContext): unknown;
  /** Refuses (401) deliveries that do not come from the bank. @default accept every sender */
  authenticate?: Authenticator;
  /** Where processed delivery keys are kept; `false` turns de-duplication off. @default a memory store */
  dedupe?: DedupeStore | false;
  /** A delivery id for a notification, when the bank sends one. @default none: the body's hash */
  deliveryId?(notification: CallbackNotification, request: Request): string | undefined;
  /** Larger bodies get 413, without being read past the limit. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /**
   * `"after-processing"`: answer once `onNotification` resolved (200) or threw (500).
   * `"before-processing"`: answer 202 as soon as the delivery is accepted and run the handler in
   * the background, its errors going to `onError` (for handlers slower than the bank's timeout).
   * @default "after-processing"
   */
  acknowledge?: "after-processing" | "before-processing";
  /** Receives every error the receiver answers 500 for or cannot answer for. @default console.error */
  onError?(error: unknown, info: { phase: CallbackErrorPhase; deliveryKey?: string }): void;
}

/** A web-standard request handler; `connection` carries what only the server knows. */
export type CallbackHandler = (
  request: Request,
  connection?: CallbackConnection,
) => Promise<Response>;

/** Refuses unusable options at creation, before any delivery arrives. */
export function checkOptions(options: CallbackHandlerOptions): void {
  if (typeof options?.onNotification !== "function") {
    throw new CallbackOptionsError("onNotification must be a function");
  }
  const max = options.maxBodyBytes;
  if (max !== undefined && !(Number.isSafeInteger(max) && max > 0)) {
    throw new CallbackOptionsError("maxBodyBytes must be a positive integer");
  }
  const mode = options.acknowledge;
  if (mode !== undefined && mode !== "after-processing" && mode !== "before-processing") {
    throw new CallbackOptionsError('acknowledge must be "after-processing" or "before-processing"');
  }
}
