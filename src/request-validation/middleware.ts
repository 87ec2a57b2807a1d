/**
 * The pre-send check as openapi-fetch middleware. The clients register it first, so a refused
 * request never reaches the taxonomy cache, the rate limiter or the transport: nothing is sent
 * and no rate-limit token is spent.
 */
import type { Middleware } from "openapi-fetch";
import { findFormatIssues } from "./field-formats.js";
import { RequestValidationError } from "./request-validation-error.js";

/** The option the clients share. */
export interface RequestValidationSettings {
  /**
   * Check the fields the spec marks with a format (Portuguese NIF and postal code, a Spanish tax
   * id when `countryCode` is "ES", IBAN) before sending; a failure throws
   * `RequestValidationError` and sends nothing. @default true
   */
  validateRequests?: boolean;
}

/** A generated `requestFormats` table: "METHOD /path" → [field path, format][]. */
export type RequestFormats = Readonly<Record<string, readonly (readonly [string, string])[]>>;

async function jsonBodyOf(request: Request): Promise<unknown> {
  try {
    return JSON.parse(await request.clone().text());
  } catch {
    return undefined; // not JSON: nothing here to check
  }
}

/** Middleware that refuses, before sending, a request whose formatted fields fail their rule. */
export function createRequestValidation(table: RequestFormats): Middleware {
  return {
    async onRequest({ request, schemaPath, params }) {
      const fields = table[`${request.method} ${schemaPath}`];
      // A call aborted before it started rejects with the abort's reason, as every call does.
      if (!fields || request.signal.aborted) return undefined;
      const parts: Record<string, unknown> = { ...params };
      // Only bodies with checked fields are read again (a document's base64 never is).
      if (fields.some(([path]) => /^body\b/.test(path))) parts.body = await jsonBodyOf(request);
      const issues = findFormatIssues(fields, parts);
      if (issues.length > 0) throw new RequestValidationError(request.method, schemaPath, issues);
      return undefined;
    },
  };
}
