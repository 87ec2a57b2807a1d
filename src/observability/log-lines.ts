/**
 * The one place where what the client logs is decided and redacted. A line is built from an
 * event's fields through an allow-list: each field is kept only when it has the shape its name
 * promises (a method is a few capital letters, a reason is one word, a count is a number) and
 * holds none of the client's credentials; anything else is dropped. Headers, bodies, query
 * strings and concrete paths never become fields: a line names the path template instead.
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

const shapes: Record<string, RegExp | "number" | "boolean"> = {
  operationId: /^\w{1,80}$/,
  method: /^[A-Z]{1,10}$/,
  template: /^\/?[\w/{}.~-]{0,200}$/,
  status: "number",
  attempt: "number",
  durationMs: "number",
  delayMs: "number",
  reason: /^\w{1,40}$/,
  requestId: /^[\x21-\x7e]{1,200}$/,
  correlationId: /^[\x21-\x7e]{1,200}$/,
  limit: "number",
  remaining: "number",
  reset: "number",
  part: /^(session|token|rate-limit)$/,
  key: /^[\w:.{}/-]{1,200}$/,
  available: "boolean",
  errorType: /^\w{1,40}$/,
};

/** Drops every field that is not on the allow-list, not of its shape, or holds a credential. */
export function redactFields(
  source: Readonly<Record<string, unknown>>,
  credentials: readonly string[],
): LogLine["fields"] {
  const fields: LogLine["fields"] = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const value = source[name];
    if (shape === "number") {
      if (typeof value === "number" && Number.isFinite(value)) fields[name] = Math.round(value);
    } else if (shape === "boolean") {
      if (typeof value === "boolean") fields[name] = value;
    } else if (
      typeof value === "string" &&
      shape.test(value) &&
      !credentials.some((secret) => value.includes(secret))
    ) {
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

/** The level of an event's line, decided before the line is built (most are never written). */
export function levelOf(event: SdkEvent): LogLine["level"] {
  switch (event.type) {
    case "response":
      return "debug";
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
    default:
      return call;
  }
}

/** The line an event gives, redacted with `credentials`. */
export function logLineOf(event: SdkEvent, credentials: readonly string[]): LogLine {
  const fields = redactFields(event as unknown as Record<string, unknown>, credentials);
  return { level: levelOf(event), message: messageOf(event.type, fields), fields };
}

/** The line for a call that failed without a usable response (or whose error was thrown). */
export function failureLineOf(
  summary: Readonly<Record<string, unknown>>,
  errorType: string,
  credentials: readonly string[],
): LogLine {
  const fields = redactFields({ ...summary, errorType }, credentials);
  return { level: "error", message: `${callOf(fields)}: failed (${fields.errorType})`, fields };
}
