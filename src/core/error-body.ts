/**
 * Reads an error response body of any shape both APIs (and their gateways) are known to send,
 * and never fails: a body that is not JSON, or not a known shape, still yields a summary. Only
 * scalars are ever turned into text: `String()` of a server's object can throw (`{"toString": 1}`)
 * or recurse past the stack (an array nested 10 000 deep).
 */
import { requestedDelayMs } from "./retry.js";

/** One entry of the Partners Portal's `errors[]`, its six-digit code split into parts. */
export interface ErrorDetail {
  /** The whole code, e.g. "020101". */
  code: string;
  /** Digits 1–2: the error category. */
  category: string;
  /** Digits 3–4: the field. */
  field: string;
  /** Digits 5–6: the error within that field. */
  error: string;
  message: string;
  /** The request field the API blamed, when it named one. */
  fieldName: string | undefined;
}

/** One entry of a 422 body's `validationErrors`. */
export interface ValidationIssue {
  field: string;
  message: string;
}

export interface ErrorBody {
  body: unknown;
  /** A one-line human summary for the error message. */
  summary: string;
  details: ErrorDetail[];
  validationErrors: ValidationIssue[];
  /** The wait the response asked for (`Retry-After`, else the body's `retryAfter`), in ms. */
  retryAfterMs: number | undefined;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A string, number or boolean as trimmed text; undefined for anything else, or when blank. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
const text = scalarText;

function detailsOf(body: Fields): ErrorDetail[] {
  if (!Array.isArray(body.errors)) return [];
  return body.errors.filter(isObject).map((entry) => {
    const code = text(entry.errorCode) ?? "";
    const sixDigits = /^\d{6}$/.test(code);
    return {
      code,
      category: sixDigits ? code.slice(0, 2) : "",
      field: sixDigits ? code.slice(2, 4) : "",
      error: sixDigits ? code.slice(4, 6) : "",
      message: text(entry.errorMessage) ?? "",
      fieldName: text(entry.errorField),
    };
  });
}

function validationIssuesOf(body: Fields): ValidationIssue[] {
  if (!Array.isArray(body.validationErrors)) return [];
  return body.validationErrors
    .filter(isObject)
    .map((issue) => ({ field: text(issue.field) ?? "", message: text(issue.message) ?? "" }));
}

function summaryOf(body: Fields, details: ErrorDetail[]): string | undefined {
  const first = details[0];
  if (first?.message)
    return first.fieldName ? `${first.message} [${first.fieldName}]` : first.message;
  return (
    text(body.message) ?? // Partners Portal { error, message }
    text(body.error_description) ?? // OAuth 2.0 (RFC 6749 §5.2)
    text(body.moreInformation) ?? // IBM API Connect gateway
    text(body.detail) ?? // RFC 9457 problem details (Prism)
    text(body.title) ??
    text(body.httpMessage) ??
    text(body.error)
  );
}

/**
 * Reads an error body: `input` is what openapi-fetch parsed (JSON, or the raw text when it was
 * not JSON) or the raw text itself; `response`, when given, lends its `Retry-After` header.
 */
export function parseErrorBody(
  input: unknown,
  statusText: string,
  response?: { readonly headers: Headers },
): ErrorBody {
  let body = input;
  if (typeof input === "string") {
    try {
      body = input === "" ? undefined : JSON.parse(input);
    } catch {
      // Not JSON: keep the text; the summary shows an excerpt.
    }
  }
  const excerpt = typeof body === "string" ? text(body.slice(0, 200)) : undefined;
  const fallback = excerpt ?? (statusText || "Error");
  const retryAfterMs = requestedDelayMs(response, body);
  if (!isObject(body)) {
    return { body, summary: fallback, details: [], validationErrors: [], retryAfterMs };
  }
  const details = detailsOf(body);
  return {
    body,
    summary: summaryOf(body, details) ?? fallback,
    details,
    validationErrors: validationIssuesOf(body),
    retryAfterMs,
  };
}
