/**
 * What the Partners Portal spec says about callback deliveries: one `CallbackNotification`
 * schema shared by Callback Echo's body and the top-level `partnerNotification` webhook, which
 * Callback Update's `callbacks` entry points at; its guesses marked; and every notification
 * example agreeing with the notification types taxonomy's example (spec-audit L1).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { specPath } from "../../scripts/prism.ts";

// biome-ignore lint/suspicious/noExplicitAny: the test walks arbitrary spec JSON
type Node = Record<string, any>;
const spec = JSON.parse(readFileSync(specPath("partners-portal"), "utf8")) as Node;
const notificationRef = "#/components/schemas/CallbackNotification";
const jsonBody = (op: Node) => op.requestBody.content["application/json"];

const webhook = spec.webhooks.partnerNotification.post as Node;
const upsert = spec.paths["/v1/partners/{partnerUniqueID}/callbacks/{notificationType}"].put;
const echo = spec.paths["/v1/partners/{partnerUniqueID}/callbacks/{notificationType}/echo"].post;
const list = spec.paths["/v1/partners/{partnerUniqueID}/callbacks"].get;
const types = spec.paths["/v1/taxonomy/notification-types"].get;
const notification = spec.components.schemas.CallbackNotification as Node;

/** id → description, from the notification types taxonomy's example. */
const taxonomy = new Map<number, string>(
  types.responses["200"].content["application/json"].example.notificationTypes.map(
    (t: { id: number; description: string }) => [t.id, t.description],
  ),
);

/** Every notification example of the spec: the webhook's named ones and Callback Echo's. */
const notificationExamples: [string, Node][] = [
  ...Object.entries(jsonBody(webhook).examples as Record<string, { value: Node }>).map(
    ([name, e]): [string, Node] => [`webhook ${name}`, e.value],
  ),
  ["Callback Echo", jsonBody(echo).example],
];

describe("Partners Portal callbacks", () => {
  it("describes the delivery as a top-level webhook, typed by CallbackNotification", () => {
    expect(jsonBody(webhook).schema).toEqual({ $ref: notificationRef });
    expect(webhook["x-provenance"]).toBe("inferred");
    expect(webhook.security).toEqual([]);
    expect(Object.keys(webhook.responses)).toEqual(["2XX", "4XX", "5XX"]);
    for (const response of Object.values(webhook.responses) as Node[]) {
      expect(response["x-inferred"]).toBe(true);
    }
  });

  it("points Callback Update's callbacks entry at the webhook, addressed by the registered URL", () => {
    expect(upsert.callbacks).toEqual({
      partnerNotification: {
        "{$request.body#/callbackUrl}": { $ref: "#/webhooks/partnerNotification" },
      },
    });
    const body = spec.components.schemas.CallbackUpdateRequest;
    expect(body.properties).toHaveProperty("callbackUrl");
  });

  it("shares one schema between Callback Echo's body and the webhook", () => {
    expect(jsonBody(echo).schema).toEqual({ $ref: notificationRef });
    expect(spec.components.schemas).not.toHaveProperty("CallbackEchoRequest");
  });

  it("holds exactly one of the two documented ids, and marks what it infers", () => {
    const parts = notification.oneOf as Node[];
    expect(parts.map((p) => p.required)).toEqual([["processUniqueId"], ["simulationUniqueId"]]);
    expect(parts[0]?.properties.simulationUniqueId).toBe(false);
    expect(parts[1]?.properties.processUniqueId).toBe(false);
    expect(notification.properties.notificationTypeID["x-inferred"]).toBe(true);
    expect(notification.properties.rawBody["x-inferred-type"]).toBe(true);
    expect(parts[1]?.properties.simulationUniqueId["x-inferred-type"]).toBe(true);
  });

  it("gives every notification example a type the taxonomy lists, about the right kind of object", () => {
    expect(notificationExamples.length).toBeGreaterThanOrEqual(3);
    for (const [where, example] of notificationExamples) {
      const description = taxonomy.get(example.notificationTypeID);
      expect(description, where).toBeDefined();
      const about = example.processUniqueId ? "processo" : "simulação";
      expect(description, where).toMatch(new RegExp(`${about}$`));
    }
  });

  it("lists registered callbacks with the taxonomy's descriptions", () => {
    const example = list.responses["200"].content["application/json"].example as Node[];
    for (const entry of example) {
      expect(entry.notificationTypeDescription).toBe(taxonomy.get(entry.notificationType));
    }
  });
});
