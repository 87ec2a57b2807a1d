/**
 * How a call's path and query parameters become a URL. A path parameter is one segment, always:
 * whatever it holds at run time, it cannot add, remove or climb a segment, so "delete one
 * borrower" can never become "cancel the whole process". A query parameter cannot inject
 * another: names and values are both percent-encoded.
 */
import type { Middleware } from "openapi-fetch";
import { SdkError } from "./errors.js";

const placeholder = /\{([^}]+)\}/g;

/** Whether percent-decoding `value` (repeatedly, as a lax server might) gives `.` or `..`. */
function isDotSegment(value: string): boolean {
  // Without a `%` decoding changes nothing: most parameters (ids) are settled without decoding.
  if (!value.includes("%")) return value === "." || value === "..";
  let current = value;
  for (let round = 0; round < 4; round++) {
    if (current === "." || current === "..") return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false;
    }
    if (decoded === current) return false;
    current = decoded;
  }
  return current === "." || current === "..";
}

/** `encodeURIComponent`, or an `SdkError` naming `what` for a lone surrogate (no UTF-8 exists). */
function encode(value: string, what: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    throw new SdkError(`${what} holds a lone surrogate, which has no URL encoding`);
  }
}

/** The encoded segment for the path parameter `name`, or an `SdkError` when it cannot be one. */
function segmentOf(name: string, value: unknown): string {
  const what = `Path parameter ${name}`;
  const text =
    typeof value === "number" && Number.isFinite(value)
      ? String(value)
      : typeof value === "string" && value !== ""
        ? value
        : undefined;
  if (text === undefined) {
    throw new SdkError(
      `${what} must be a non-empty string or a finite number (got ${describe(value)})`,
    );
  }
  if (isDotSegment(text))
    throw new SdkError(`${what} must not be a dot segment: it would change the request's path`);
  return encode(text, what);
}

/** The type of a refused value, for the message (never the value: it may be personal data). */
function describe(value: unknown): string {
  if (value === null || value === "") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return String(value); // NaN or Infinity
  return typeof value;
}

/**
 * Replaces each `{name}` of `pathname` with its parameter as one percent-encoded segment; any
 * parameter that is not a non-empty string or a finite number is refused with `SdkError`, as are
 * `.` and `..` in any percent-encoding (the URL parser would resolve them and move the request).
 */
export function safePathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  return pathname.replace(placeholder, (_match, name: string) =>
    segmentOf(name, pathParams?.[name]),
  );
}

/**
 * Serialises a query as `name=value` pairs, both percent-encoded. The specs declare no array or
 * object query parameter, so arrays and objects are refused rather than guessed at; `undefined`
 * and `null` leave the parameter out.
 */
export function safeQuerySerializer(query: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    const what = `Query parameter ${name}`;
    const scalar =
      typeof value === "string" ||
      typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value));
    if (!scalar) {
      throw new SdkError(
        `${what} must be a string, a finite number or a boolean (got ${describe(value)})`,
      );
    }
    pairs.push(`${encode(name, `A query parameter name`)}=${encode(String(value), what)}`);
  }
  return pairs.join("&");
}

/**
 * Refuses a call whose path has placeholders but no path parameters at all: openapi-fetch then
 * skips the path serializer and would send `{name}` literally. Register it first, so a refused
 * call spends no rate-limit token.
 */
export function pathParamsGuard(): Middleware {
  return {
    onRequest({ schemaPath, params }) {
      if (params?.path === undefined || params.path === null) {
        for (const [, name] of schemaPath.matchAll(placeholder))
          segmentOf(name as string, undefined);
      }
      return undefined;
    },
  };
}
