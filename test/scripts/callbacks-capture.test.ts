import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { captureCallbacks } from "../../scripts/callbacks-capture.ts";
import { buildNotification, sendNotification } from "../../scripts/callbacks-sender.ts";

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe("conformance --capture-callbacks", () => {
  it("records every delivery with its problems, answers 200, and redacts credential headers", async () => {
    const out = mkdtempSync(join(tmpdir(), "captured-"));
    const recorder = await captureCallbacks({ out });
    cleanup = async () => {
      await recorder.stop();
      rmSync(out, { recursive: true, force: true });
    };
    const valid = buildNotification({ type: 2 });
    const signed = await sendNotification(recorder.url, valid, {
      secret: "capture-secret",
      headers: { authorization: "Basic dXNlcjpwYXNzd29yZA==" },
    });
    const odd = await sendNotification(recorder.url, {
      notificationTypeID: 7,
      rawBody: {},
    } as never);
    expect([signed.status, odd.status]).toEqual([200, 200]);

    const records = readdirSync(out)
      .sort()
      .map((file) => JSON.parse(readFileSync(join(out, file), "utf8")));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ method: "POST", body: JSON.stringify(valid), problems: [] });
    expect(records[1].problems).toEqual([
      "/ must have exactly one of processUniqueId and simulationUniqueId",
    ]);
    const file = JSON.stringify(records[0].headers);
    expect(file).not.toContain("dXNlcjpwYXNzd29yZA==");
    expect(records[0].headers["x-signature"]).toMatch(/^\[redacted, 64 characters\]$/);
    expect(records[0].headers["content-type"]).toBe("application/json");
  });
});
