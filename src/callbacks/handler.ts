/**
 * The receiver: a web-standard `(request) => Promise<Response>` that checks, authenticates,
 * validates and de-duplicates the bank's notifications before handing them to the partner's
 * code. No `node:` import, so it runs on Node, Bun, Deno and workers alike.
 */
import { createMemoryDedupeStore } from "./dedupe-store.js";
import { createDeliveryGate } from "./delivery-gate.js";
import { deliveryKeyOf } from "./delivery-key.js";
import { createDispatcher } from "./dispatch.js";
import { BodyAlreadyReadError } from "./errors.js";
import type { CallbackNotification } from "./notification.js";
import {
  type CallbackConnection,
  type CallbackErrorPhase,
  type CallbackHandler,
  type CallbackHandlerOptions,
  checkOptions,
} from "./options.js";
import { readBody } from "./read-body.js";
import { problemResponse } from "./responses.js";
import { checkNotification } from "./validate.js";

const defaultOnError: NonNullable<CallbackHandlerOptions["onError"]> = (error, info) =>
  console.error(`bctt-cesce-sdk/callbacks: ${info.phase} error`, error);

const jsonType = /^application\/(?:[\w.+-]*\+)?json$/;

function isJson(contentType: string | null): boolean {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return jsonType.test(mediaType);
}

function parse(body: Uint8Array): { value: unknown } | { problem: string } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return { problem: "the body is not valid UTF-8" };
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    // JSON.parse's own message quotes the body: never pass it on.
    return { problem: "the body is not valid JSON" };
  }
}

/** The body, or the answer when it is too large (413) or broke off while arriving (400). */
async function readOrRefuse(request: Request, maxBytes: number): Promise<Uint8Array | Response> {
  try {
    const body = await readBody(request, maxBytes);
    if (body !== "too-large") return body;
    // Closing the connection spares the sender's remaining bytes a trip to a reader that left.
    return problemResponse(413, { headers: { connection: "close" } });
  } catch (error) {
    if (error instanceof BodyAlreadyReadError) throw error;
    return problemResponse(400, {
      problems: [{ path: "", message: "the body could not be read" }],
    });
  }
}

/**
 * Creates the receiver. Each delivery is checked in this order, and the first failure answers:
 * 405 (not POST), 415 (not JSON), 413 (past `maxBodyBytes`), 401 (`authenticate` refused),
 * 400 (not JSON or not a notification, with the list of problems). Then a delivery already
 * processed gets 200 without reaching the handler; a copy of one in progress waits for it and
 * answers as it does; a new one runs `onNotification`: 200 when it resolves, 500 when it throws
 * (the delivery is not recorded, so the bank's retry runs it again).
 *
 * @example
 * const handler = createCallbackHandler({
 *   onNotification: async (notification) => {
 *     await queue.push(notification);
 *   },
 * });
 * export default { fetch: handler }; // a worker; on Node use toNodeListener(handler)
 */
export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  checkOptions(options);
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  const background = options.acknowledge === "before-processing";
  const onError = options.onError ?? defaultOnError;
  const report = (error: unknown, phase: CallbackErrorPhase, deliveryKey?: string) => {
    try {
      onError(error, deliveryKey === undefined ? { phase } : { phase, deliveryKey });
    } catch {
      // A failing error reporter must not turn into an unhandled rejection.
    }
  };
  const store =
    options.dedupe === false ? undefined : (options.dedupe ?? createMemoryDedupeStore());
  const gate = createDeliveryGate(store, {
    onStoreError: (error, key) => report(error, "dedupe-store", key),
  });
  const deliver = createDispatcher({
    gate,
    background,
    report,
    onNotification: options.onNotification,
  });

  async function receive(request: Request, connection: CallbackConnection): Promise<Response> {
    if (request.method !== "POST") return problemResponse(405, { headers: { allow: "POST" } });
    if (!isJson(request.headers.get("content-type"))) return problemResponse(415);
    const body = await readOrRefuse(request, maxBodyBytes);
    if (body instanceof Response) return body;
    const remoteAddress = connection.remoteAddress;
    const { authenticate } = options;
    if (authenticate && !(await authenticate(request, { rawBody: body, remoteAddress }))) {
      const challenge = authenticate.challenge;
      return problemResponse(401, challenge ? { headers: { "www-authenticate": challenge } } : {});
    }
    const parsed = parse(body);
    if ("problem" in parsed) {
      return problemResponse(400, { problems: [{ path: "", message: parsed.problem }] });
    }
    const problems = checkNotification(parsed.value);
    if (problems.length > 0) return problemResponse(400, { problems });
    const notification = parsed.value as CallbackNotification;
    const deliveryKey = await deliveryKeyOf(options.deliveryId?.(notification, request), body);
    const rawBody = new TextDecoder().decode(body);
    const receivedAt = new Date();
    const headers = request.headers;
    return deliver(notification, { deliveryKey, rawBody, headers, remoteAddress, receivedAt });
  }

  return async (request, connection) => {
    try {
      return await receive(request, connection ?? {});
    } catch (error) {
      report(error, "receiver");
      return problemResponse(500);
    }
  };
}
