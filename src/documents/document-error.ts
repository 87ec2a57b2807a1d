/** The typed error of the document helpers. */
import { SdkError } from "../core/errors.js";

/** Why a document was refused. */
export type DocumentErrorReason =
  /** No bytes at all. */
  | "empty"
  /** More bytes than `maxBytes`. */
  | "too-large"
  /** The file name's extension names a type the bytes are not (a `.pdf` holding a JPEG). */
  | "type-mismatch"
  /** A stream gave text instead of bytes (a Node stream with an encoding set). */
  | "not-bytes"
  /** An ESIS whose content is not base64. */
  | "not-base64"
  /** An ESIS whose bytes are not a PDF. */
  | "not-pdf"
  /** The file could not be read (missing, a folder, no permission); `cause` says why. */
  | "unreadable";

/** A document that cannot be sent or saved as it is; `reason` says why. */
export class DocumentError extends SdkError {
  override name = "DocumentError";
  readonly reason: DocumentErrorReason;

  constructor(reason: DocumentErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
