/**
 * The demo's callbacks step: a receiver on loopback (`bctt-cesce-sdk/callbacks` behind
 * `node:http`), registered with Callback Update, then fed a notification by the local sender
 * (`npm run callbacks:send`) and the same delivery again, as a bank retry would be.
 *
 * Against the real bank the registration is skipped: a loopback address is not reachable from
 * it, and the spec asks for a public HTTPS URL (a TLS tunnel in front of the receiver gives one).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CallbackNotification,
  createCallbackHandler,
  hmacSignature,
  toNodeListener,
} from "../src/callbacks/index.ts";
import type { PartnersPortalClient } from "../src/index.ts";
import { buildNotification, sendNotification } from "./callbacks-sender.ts";

type Step = <T>(label: string, run: () => Promise<T>, describe: (value: T) => string) => Promise<T>;

const demoSecret = "demo-callback-secret";

export async function receiveCallbacks(
  client: PartnersPortalClient,
  step: Step,
  live: boolean,
): Promise<void> {
  const received: CallbackNotification[] = [];
  const handler = createCallbackHandler({
    authenticate: hmacSignature({ secrets: demoSecret }),
    onNotification: (notification) => {
      received.push(notification);
    },
  });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const receiverUrl = `http://127.0.0.1:${port}/bctt/callbacks`;
  try {
    await step(
      "register a callback for process status changes",
      async () => {
        if (live) return "skipped against the real bank (it cannot reach a loopback receiver)";
        // The spec requires https: this is the address a TLS tunnel to the receiver would have.
        const callbackUrl = `https://127.0.0.1:${port}/bctt/callbacks`;
        const partnerUniqueID =
          process.env.BCTT_PARTNER_UID ?? "5a7d3c1e-2b4f-4d6a-8c9e-0f1a2b3c4d5e";
        const result = await client.callbacks.update(partnerUniqueID, 2, { callbackUrl });
        return `${callbackUrl} → ${result.operationStatus.operationStatusMessage}`;
      },
      (outcome) => outcome,
    );
    const notification = buildNotification({ type: 2 });
    await step(
      "send it a notification with the local sender",
      () => sendNotification(receiverUrl, notification, { secret: demoSecret }),
      (answer) =>
        `${receiverUrl} answered ${answer.status}; handler got ${JSON.stringify(received)}`,
    );
    await step(
      "send the same delivery again (a bank retry)",
      () => sendNotification(receiverUrl, notification, { secret: demoSecret }),
      (answer) => `answered ${answer.status}; handler calls so far: ${received.length}`,
    );
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
