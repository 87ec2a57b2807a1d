/**
 * An independent judge of "is this a notification": Ajv (JSON Schema 2020-12, as OpenAPI 3.1
 * uses) compiled from the bundled spec's own schema. The receiver's hand-written validator is
 * checked against it, so the two cannot drift apart when the spec changes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const spec = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../generated/partners-portal.openapi.json"), "utf8"),
);

const schemaName = "CallbackNotification";

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(spec, "spec");
const validate = ajv.compile({ $ref: `spec#/components/schemas/${schemaName}` });

/** Whether the spec's schema accepts `value`. */
export function specAccepts(value: unknown): boolean {
  return validate(value) === true;
}

/** The spec's schema for the notification, for tests that read its examples. */
export const notificationSchema = spec.components.schemas[schemaName];
