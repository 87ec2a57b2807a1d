import { describe, expect, it } from "vitest";
import { type CallbackNotification, isNotificationType } from "../../src/callbacks/index.ts";
import { processId, simulationId } from "./fixtures.ts";

describe("isNotificationType", () => {
  it("narrows a known type to its subject (checked by tsc)", () => {
    const notification: CallbackNotification = {
      notificationTypeID: 2,
      processUniqueId: processId,
    };
    if (!isNotificationType(notification, 2)) throw new Error("expected type 2");
    const id: string = notification.processUniqueId;
    const type: 2 = notification.notificationTypeID;
    expect([id, type]).toEqual([processId, 2]);
  });

  it("matches the id and the subject the spec's taxonomy example gives each known type", () => {
    const bySimulation = { simulationUniqueId: simulationId };
    const byProcess = { processUniqueId: processId };
    expect(isNotificationType({ notificationTypeID: 1, ...bySimulation }, 1)).toBe(true);
    expect(isNotificationType({ notificationTypeID: 3, ...bySimulation }, 3)).toBe(true);
    expect(isNotificationType({ notificationTypeID: 4, ...byProcess }, 4)).toBe(true);
    expect(isNotificationType({ notificationTypeID: 2, ...byProcess }, 1)).toBe(false);
  });

  it("refuses a delivery that contradicts the inferred subject of its type", () => {
    expect(isNotificationType({ notificationTypeID: 2, simulationUniqueId: simulationId }, 2)).toBe(
      false,
    );
    expect(isNotificationType({ processUniqueId: processId }, 2)).toBe(false);
  });
});
