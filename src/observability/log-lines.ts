/**
 * The one place where what the client logs is decided and redacted. A line is built from an
 * event's fields through an allow-list: each field is kept only when it has the shape its name
 * promises (a method is a few capital letters, a reason is a status or an error class name, a
 * count is a number, an operationId or path template is one the client's spec lists) and holds
 * none of the client's credentials; anything else is dropped. Headers, bodies, query strings,
 * concrete paths and store keys never become fields: a line names the path template instead.
 * The only free text kept is the server's request id and the call's correlation id, which exist
 * to be quoted.
 */
import type { SdkEvent } from "../core/transport.js";
import type { LogLevel } from "./log-level.js";
import { isLowQuota } from "./quota.js";

/** A line to write: its level, a message made of redacted fields, and those fields. */
export interface LogLine {
  level: Exclude<LogLevel, "off">;
  message: string;
  fields: Record<string, string | number | boolean>;
}

const errorClass = /^[A-Z][A-Za-z]{0,40}Error$/;
const shapes: Record<string, RegExp | "number" | "boolean" | "listed"> = {
  operationId: "listed",
  method: /^[A-Z]{1,10}$/,
  template: "listed",
  status: "number",
  attempt: "number",
  durationMs: "number",
  delayMs: "number",
  reason: new RegExp(`^\\d{3}$|${errorClass.source}`),
  requestId: /^[\x21-\x7e]{1,200}$/,
  correlationId: /^[\x21-\x7e]{1,200}$/,
  limit: "number",
  remaining: "number",
  reset: "number",
  part: /^(session|token|rate-limit)$/,
  available: "boolean",
  errorType: errorClass,
  waitedMs: "number",
};

/** What the redaction trusts: the client's credentials, never written, and its spec's names. */
export interface Redaction {
  credentials: readonly string[];
  /** The operationIds and path templates of the client's spec. */
  listed: ReadonlySet<string>;
}

/** Whether a string field of this shape may be written. */
function keeps(shape: RegExp | "listed", value: string, redaction: Redaction): boolean {
  if (shape === "listed") return redaction.listed.has(value);
  return shape.test(value) && !redaction.credentials.some((secret) => value.includes(secret));
}

/** Drops every field that is not on the allow-list, not of its shape, or holds a credential. */
export function redactFields(
  source: Readonly<Record<string, unknown>>,
  redaction: Redaction,
): LogLine["fields"] {
  const fields: LogLine["fields"] = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const value = source[name];
    if (shape === "number") {
      if (typeof value === "number" && Number.isFinite(value)) fields[name] = Math.round(value);
    } else if (shape === "boolean") {
      if (typeof value === "boolean") fields[name] = value;
    } else if (typeof value === "string" && keeps(shape, value, redaction)) {
      fields[name] = value;
    }
  }
  return fields;
}

/** "getProcess GET /v1/processes/{processUniqueId}", from what the fields kept. */
function callOf(fields: LogLine["fields"]): string {
  const name = fields.operationId ?? "request";
  return `${name} ${fields.method ?? "?"} ${fields.template ?? "(unknown path)"}`;
}

/** The level of a response event's line (the observer skips completing one nobody reads). */
export const responseLevel: LogLine["level"] = "debug";

/** The level of an event's line, decided before the line is built (most are never written). */
export function levelOf(event: SdkEvent): LogLine["level"] {
  switch (event.type) {
    case "response":
      return responseLevel;
    case "retry":
    case "reauthenticate":
      return "info";
    case "quota":
      return isLowQuota(event) ? "warn" : "debug";
    case "shared-state":
      return event.available ? "info" : "warn";
    default:
      return "debug";
  }
}

/** The message of an event's line, from its redacted fields only. */
function messageOf(type: SdkEvent["type"], fields: LogLine["fields"]): string {
  const call = callOf(fields);
  switch (type) {
    case "response":
      return `${call}: ${fields.status} (attempt ${fields.attempt}, ${fields.durationMs} ms)`;
    case "retry":
      return `${call}: retrying in ${fields.delayMs} ms after ${fields.reason ?? "a failure"}`;
    case "reauthenticate":
      return `${call}: 401, renewing the session or token and sending once more`;
    case "quota":
      return `rate limit: ${fields.remaining} of ${fields.limit} requests left`;
    case "shared-state":
      return `${fields.part}: ${fields.available ? "shared state is back" : "working alone"}`;
    case "rate-limit-wait":
      return `rate limit: waited ${fields.waitedMs} ms for a slot`;
    default:
      return call;
  }
}

/** The line an event gives, redacted. */
export function logLineOf(event: SdkEvent, redaction: Redaction): LogLine {
  const fields = redactFields(event as unknown as Record<string, unknown>, redaction);
  return { level: levelOf(event), message: messageOf(event.type, fields), fields };
}

/** The line for a call that failed without a usable response (or whose error was thrown). */
export function failureLineOf(
  summary: Readonly<Record<string, unknown>>,
  errorType: unknown,
  redaction: Redaction,
): LogLine {
  const fields = redactFields({ ...summary, errorType }, redaction);
  const failure = fields.errorType ?? "an error";
  return { level: "error", message: `${callOf(fields)}: failed (${failure})`, fields };
}
