/**
 * The receiver's own error classes. They carry names and reasons only: never a request body,
 * a header value or a secret.
 */
import { ConfigurationError, SdkError } from "../core/errors.js";

/**
 * An option passed to the receiver or one of its helpers is unusable (thrown at creation). A
 * `ConfigurationError`, like the clients' option errors; it never quotes a secret.
 */
export class CallbackOptionsError extends ConfigurationError {
  override name = "CallbackOptionsError";
}

/**
 * The request body had already been read by something mounted before the receiver, usually a
 * framework's JSON body parser. The raw bytes are gone, so neither a signature nor the delivery
 * key can be computed: mount the receiver's route before the parser.
 */
export class BodyAlreadyReadError extends SdkError {
  override name = "BodyAlreadyReadError";
  constructor() {
    super(
      "The request body was already read by an earlier middleware (a JSON body parser?): mount the callback route before it",
    );
  }
}
