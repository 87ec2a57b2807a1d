import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  buildNotification,
  sampleNotifications,
  sendNotification,
} from "../../scripts/callbacks-sender.ts";
import {
  type CallbackNotification,
  createCallbackHandler,
  hmacSignature,
  toNodeListener,
} from "../../src/callbacks/index.ts";
import { type LoopbackServer, listen } from "../callbacks/node-server.ts";
import { specAccepts } from "../callbacks/schema-oracle.ts";

const root = join(import.meta.dirname, "../..");
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function receiver(secret?: string) {
  const received: CallbackNotification[] = [];
  const handler = createCallbackHandler({
    ...(secret ? { authenticate: hmacSignature({ secrets: secret }) } : {}),
    onNotification: (notification) => {
      received.push(notification);
    },
  });
  server = await listen(toNodeListener(handler));
  return { url: server.url, received };
}

describe("callbacks sender", () => {
  it("builds every choice from the spec's examples into a body the spec accepts", () => {
    const choices = [
      {},
      { type: 1 },
      { type: 2 },
      { type: 4 },
      { type: 99 },
      { type: 1, process: "7c9e6679-7425-40de-944b-e07fc1f90ae7" },
      { type: 2, simulation: "SIM-42" },
    ];
    for (const choice of choices)
      expect(specAccepts(buildNotification(choice)), JSON.stringify(choice)).toBe(true);
    expect(sampleNotifications().length).toBeGreaterThanOrEqual(3);
    expect(buildNotification({ type: 4 })).toEqual(
      sampleNotifications().find((s) => s.value.notificationTypeID === 4)?.value,
    );
    expect(buildNotification({ type: 99 }).notificationTypeID).toBe(99);
    expect(() => buildNotification({ process: "a", simulation: "b" })).toThrow(/not both/);
  });

  it("signs what it sends so hmacSignature accepts it, and a wrong secret gets 401", async () => {
    const { url, received } = await receiver("shared-secret");
    const notification = buildNotification({ type: 2 });
    expect((await sendNotification(url, notification, { secret: "shared-secret" })).status).toBe(
      200,
    );
    expect(
      (await sendNotification(url, buildNotification({ type: 1 }), { secret: "other" })).status,
    ).toBe(401);
    expect(received).toEqual([notification]);
  });

  it("runs as npm run callbacks:send, repeating one delivery that the receiver processes once", async () => {
    const { url, received } = await receiver();
    const { stdout } = await promisify(execFile)(
      join(root, "node_modules/.bin/tsx"),
      [
        join(root, "scripts/callbacks-send.ts"),
        url,
        "--type",
        "1",
        "--simulation",
        "SIM-7",
        "--repeat",
        "3",
      ],
      { cwd: root },
    );
    expect(stdout.match(/→ 200/g)).toHaveLength(3);
    expect(received).toEqual([{ ...buildNotification({ type: 1 }), simulationUniqueId: "SIM-7" }]);
  });
});
