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

/** The oneOf: a process part (uuid) or a simulation part (any string), never both nor neither. */
function checkSubject(body: Record<string, unknown>, problems: Problem[]): void {
  const { processUniqueId: process, simulationUniqueId: simulation } = body;
  if ((process === undefined) === (simulation === undefined)) {
    problems.push({
      path: "",
      message: "must have exactly one of processUniqueId and simulationUniqueId",
    });
  }
  if (process !== undefined && (typeof process !== "string" || !uuid.test(process))) {
    problems.push({ path: "/processUniqueId", message: "must be a UUID string" });
  }
  if (simulation !== undefined && typeof simulation !== "string") {
    problems.push({ path: "/simulationUniqueId", message: "must be a string" });
  }
}

/** The problems of `value` as a notification; an empty list means it matches the schema. */
export function checkNotification(value: unknown): Problem[] {
  if (!isObject(value)) return [{ path: "", message: "must be a JSON object" }];
  const problems: Problem[] = [];
  const type = value.notificationTypeID;
  if (type !== undefined && !Number.isInteger(type)) {
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
