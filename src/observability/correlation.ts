/**
 * The Partners Portal's `correlationId` header, one per call: the caller's own when the call
 * sets the header, else the client's `correlationId` option (a fixed value, such as the
 * intermediary's tax ID the API Commons header table describes, or a function called per call),
 * else a random UUID. Logs, events and errors quote it, so a support ticket can name the call.
 */
import { hasControlCharacter, hasNonLatin1Character } from "../core/config.js";
import { ConfigurationError } from "../core/errors.js";

/** The header, as the API Commons page names it (header names are case-insensitive). */
export const correlationHeader = "correlationId";

/** A fixed correlation id, or a function that returns one per call. */
export type CorrelationIdOption = string | (() => string);

/** Whether `value` can be sent as a header value: non-empty, Latin-1, no control character. */
export function isHeaderValue(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value !== "" &&
    !hasControlCharacter(value) &&
    !hasNonLatin1Character(value)
  );
}

/** The function giving each call's id, from the option, checked; a random UUID by default. */
export function correlationIds(option: unknown): () => string {
  if (option === undefined) return () => crypto.randomUUID();
  if (typeof option === "string") {
    if (!isHeaderValue(option))
      throw new ConfigurationError("correlationId must be a non-empty header value");
    return () => option;
  }
  if (typeof option !== "function")
    throw new ConfigurationError("correlationId must be a string or a function");
  return () => {
    const id: unknown = option();
    if (!isHeaderValue(id))
      throw new ConfigurationError("correlationId() must return a non-empty header value");
    return id;
  };
}

/** The call's id: the one its request carries, else a new one, set on the request. */
export function correlate(request: Request, next: () => string): string {
  const given = request.headers.get(correlationHeader);
  if (given !== null) return given;
  const id = next();
  request.headers.set(correlationHeader, id);
  return id;
}
