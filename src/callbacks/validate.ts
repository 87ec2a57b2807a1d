/**
 * Checks a parsed body against the spec's `CallbackNotification` schema. Hand-written from the
 * schema (a generic JSON Schema engine would be the heaviest part of this entry point); a test
 * compares its verdicts with Ajv's on the bundled spec, so the two cannot drift apart.
 * Problems name the schema's own fields only, never a value from the body.
 */
import type { CallbackNotification } from "./notification.js";

/** One reason a body was refused: a JSON Pointer into the body and what is wrong there. */
export interface Problem {
  path: string;
  message: string;
}

// The `uuid` format as JSON Schema validators check it (RFC 4122 layout, optional URN prefix).
const uuid = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkUuid(body: Record<string, unknown>, field: string, problems: Problem[]): void {
  const value = body[field];
  if (value === undefined) return;
  if (typeof value !== "string" || !uuid.test(value)) {
    problems.push({ path: `/${field}`, message: "must be a UUID string" });
  }
}

function checkSubject(body: Record<string, unknown>, problems: Problem[]): void {
  const process = body.processUniqueId !== undefined;
  const simulation = body.simulationUniqueId !== undefined;
  if (process === simulation) {
    problems.push({
      path: "",
      message: "must have exactly one of processUniqueId and simulationUniqueId",
    });
  }
  checkUuid(body, "processUniqueId", problems);
  checkUuid(body, "simulationUniqueId", problems);
}

/** The problems of `value` as a notification; an empty list means it matches the schema. */
export function checkNotification(value: unknown): Problem[] {
  if (!isObject(value)) return [{ path: "", message: "must be a JSON object" }];
  const problems: Problem[] = [];
  if (value.notificationTypeID === undefined) {
    problems.push({ path: "/notificationTypeID", message: "is required" });
  } else if (!Number.isInteger(value.notificationTypeID)) {
    problems.push({ path: "/notificationTypeID", message: "must be an integer" });
  }
  checkSubject(value, problems);
  if (value.rawBody !== undefined && !isObject(value.rawBody)) {
    problems.push({ path: "/rawBody", message: "must be a JSON object" });
  }
  return problems;
}

/** Whether `value` is a notification (`checkNotification` finds no problem). */
export function isCallbackNotification(value: unknown): value is CallbackNotification {
  return checkNotification(value).length === 0;
}
