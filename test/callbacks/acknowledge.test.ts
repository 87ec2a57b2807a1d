import { describe, expect, it } from "vitest";
import { createCallbackHandler, createMemoryDedupeStore } from "../../src/callbacks/index.ts";
import { delivery, eventually, gate, processNotification } from "./fixtures.ts";

describe("createCallbackHandler with acknowledge: before-processing", () => {
  it("answers 202 before the handler finishes, then runs it to the end", async () => {
    const hold = gate();
    let finished = false;
    const handler = createCallbackHandler({
      acknowledge: "before-processing",
      onNotification: async () => {
        await hold.promise;
        finished = true;
      },
    });
    const response = await handler(delivery(processNotification()));
    expect(response.status).toBe(202);
    expect(finished).toBe(false);
    hold.open();
    await eventually(() => finished);
  });

  it("reports a failure of the background handler through onError and forgets the delivery", async () => {
    const reported: unknown[] = [];
    let calls = 0;
    const handler = createCallbackHandler({
      acknowledge: "before-processing",
      onNotification: () => {
        calls++;
        if (calls === 1) throw new Error("late failure");
      },
      onError: (error, info) => reported.push([info.phase, (error as Error).message]),
    });
    expect((await handler(delivery(processNotification()))).status).toBe(202);
    await eventually(() => reported.length === 1);
    expect(reported).toEqual([["handler", "late failure"]]);
    // Not recorded as processed: a later copy runs again.
    expect((await handler(delivery(processNotification()))).status).toBe(202);
    await eventually(() => calls === 2);
  });

  it("answers 202 to a copy while processing and 200 once processed, never running it twice", async () => {
    const hold = gate();
    let calls = 0;
    const handler = createCallbackHandler({
      acknowledge: "before-processing",
      dedupe: createMemoryDedupeStore(),
      onNotification: async () => {
        calls++;
        await hold.promise;
      },
    });
    expect((await handler(delivery(processNotification()))).status).toBe(202);
    expect((await handler(delivery(processNotification()))).status).toBe(202);
    hold.open();
    await eventually(() => calls === 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await handler(delivery(processNotification()))).status).toBe(200);
    expect(calls).toBe(1);
  });
});
