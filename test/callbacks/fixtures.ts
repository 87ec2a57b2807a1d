/** Shared notifications and request builders for the receiver's tests. */

export const processId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
export const simulationId = "3f2b8c1e-5d4a-4e6b-9c7d-8a1b2c3d4e5f";

/** A valid notification about a process, varied by `n` so each is a distinct delivery. */
export const processNotification = (n = 1) => ({
  notificationTypeID: 2,
  processUniqueId: processId,
  rawBody: { processStatusID: n, processStatusDescription: "Em análise" },
});

/** A POST of `body` (JSON-encoded unless a string) to the receiver. */
export function delivery(
  body: unknown,
  headers: Record<string, string> = {},
  method = "POST",
): Request {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new Request("http://receiver.test/bctt/callbacks", {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(method === "GET" || method === "HEAD" ? {} : { body: text }),
  });
}

/** A promise and the functions that settle it, to hold a handler until a test releases it. */
export function gate(): { promise: Promise<void>; open(): void; fail(error: Error): void } {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/**
 * Waits until `condition` holds, polling every millisecond for up to `timeoutMs`. (The receiver
 * hashes with Web Crypto, which settles on the thread pool, not within a set number of turns.)
 */
export async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
