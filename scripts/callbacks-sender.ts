/**
 * Builds sample notifications from the spec's `webhooks.partnerNotification` examples and POSTs
 * them to a receiver, the way the bank would (as far as it is known: the payloads are inferred).
 * Used by `npm run callbacks:send` and by the demo.
 */
import { readFileSync } from "node:fs";
import type { CallbackNotification } from "../src/callbacks/index.ts";
import { signBody } from "../src/callbacks/index.ts";
import { specPath } from "./prism.ts";

/** One of the spec's example deliveries. */
export interface SampleNotification {
  name: string;
  summary: string;
  value: CallbackNotification;
}

/** The examples of the webhook's request body in the bundled Partners Portal spec. */
export function sampleNotifications(): SampleNotification[] {
  const spec = JSON.parse(readFileSync(specPath("partners-portal"), "utf8"));
  const examples: Record<string, { summary: string; value: CallbackNotification }> =
    spec.webhooks.partnerNotification.post.requestBody.content["application/json"].examples;
  return Object.entries(examples).map(([name, { summary, value }]) => ({ name, summary, value }));
}

/** What to send: a notification type, and the process or the simulation it is about. */
export interface SampleChoice {
  type?: number;
  process?: string;
  simulation?: string;
}

/**
 * The spec's example for `type` (the first example when no type is given); for a type without an
 * example, the first example with its `notificationTypeID` replaced. `process` or `simulation`
 * replaces the subject.
 */
export function buildNotification(choice: SampleChoice = {}): CallbackNotification {
  if (choice.process !== undefined && choice.simulation !== undefined) {
    throw new Error("pass --process or --simulation, not both: a notification names one of them");
  }
  const samples = sampleNotifications();
  const sample = samples.find((s) => s.value.notificationTypeID === choice.type) ?? samples[0];
  if (!sample) throw new Error("the spec has no webhook examples");
  const { processUniqueId, simulationUniqueId, ...rest } = structuredClone(sample.value);
  const base = choice.type === undefined ? rest : { ...rest, notificationTypeID: choice.type };
  if (choice.process !== undefined) return { ...base, processUniqueId: choice.process };
  if (choice.simulation !== undefined) return { ...base, simulationUniqueId: choice.simulation };
  return processUniqueId !== undefined
    ? { ...base, processUniqueId }
    : { ...base, simulationUniqueId: simulationUniqueId as string };
}

/** Options of `sendNotification`. */
export interface SendOptions {
  /** Signs the body with HMAC-SHA256 (hex), as `hmacSignature({ secrets })` checks by default. */
  secret?: string;
  /** @default "x-signature" */
  signatureHeader?: string;
  /** Extra headers, e.g. a shared secret or `authorization`. */
  headers?: Record<string, string>;
}

/** POSTs `notification` to `url` and returns the receiver's answer. */
export async function sendNotification(
  url: string,
  notification: CallbackNotification,
  options: SendOptions = {},
): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(notification);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...options.headers,
  };
  if (options.secret) {
    headers[options.signatureHeader ?? "x-signature"] = await signBody(body, options.secret);
  }
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, body: await response.text() };
}
