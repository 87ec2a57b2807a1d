/**
 * The result every identifier validator returns: valid, or what is wrong. A refusal never quotes
 * the value, because tax numbers and account numbers are personal data that end up in logs.
 */

/** Why an identifier was refused. */
export type IdentifierProblem =
  /** Not a string. */
  | "type"
  /** The empty string. */
  | "empty"
  /** Characters or layout the identifier never has (spaces, lowercase, a letter among digits). */
  | "format"
  /** The right characters, but too few or too many. */
  | "length"
  /** An IBAN whose country does not issue IBANs. */
  | "country"
  /** Well formed, but the check digit or letter does not match the rest. */
  | "checksum";

/** A refusal: the problem and a sentence that explains it without quoting the value. */
export interface IdentifierRefusal {
  valid: false;
  problem: IdentifierProblem;
  message: string;
}

/** The outcome of an identifier check; a valid result may carry details (a kind, a country). */
export type IdentifierCheck<Details extends object = object> =
  | ({ valid: true } & Details)
  | IdentifierRefusal;

/** Builds a refusal. */
export const refuse = (problem: IdentifierProblem, message: string): IdentifierRefusal => ({
  valid: false,
  problem,
  message,
});

/** The refusal for a value that is not a non-empty string, or undefined when it is one. */
export function refuseNonString(value: unknown, what: string): IdentifierRefusal | undefined {
  if (typeof value !== "string") return refuse("type", `${what} must be a string`);
  if (value === "") return refuse("empty", `${what} is empty`);
  return undefined;
}
