/** The error of a request refused before sending because a field fails its format. */
import { SdkError } from "../core/errors.js";
import type { IdentifierProblem } from "../identifiers/check.js";

/** One field that fails its format. Never holds the value (tax ids are personal data). */
export interface RequestFieldIssue {
  /** Where the field is, e.g. `body.personalData.taxId`, `body.borrowers[0].taxId`, `query.taxCode`. */
  path: string;
  /** The spec's format the field must have: `pt-nif`, `pt-postal-code`, `es-tax-id` or `iban`. */
  format: string;
  problem: IdentifierProblem;
  message: string;
}

/**
 * A request the SDK did not send, because fields the spec marks with a format (a Portuguese NIF,
 * a postal code, a Spanish tax id, an IBAN) fail it. Nothing reached the network and no
 * rate-limit token was spent. `issues` names each field and rule.
 */
export class RequestValidationError extends SdkError {
  override name = "RequestValidationError";
  readonly method: string;
  /** The operation's path template, e.g. `/v1/processes/{processUniqueId}/borrower`. */
  readonly path: string;
  readonly issues: readonly RequestFieldIssue[];

  constructor(method: string, path: string, issues: readonly RequestFieldIssue[]) {
    const list = issues.map((i) => `${i.path} is not a valid ${i.format} (${i.message})`);
    super(`Not sent: ${list.join("; ")} (${method} ${path})`);
    this.method = method;
    this.path = path;
    this.issues = issues;
  }
}
