/**
 * The two ways the SDK sends: node:http (the default on Node.js) and `fetch` (a custom `fetch`
 * option, and every other runtime). The tests of hostile servers run once over each, with
 * `sendWith` spread into the client's options; they differ only in the code a reset names.
 */
export interface Transport {
  name: string;
  sendWith: { fetch?: typeof fetch };
  /** What a `ConnectionError` names for a connection reset mid-response. */
  resetCode: string;
}

export const transports: readonly Transport[] = [
  { name: "node:http", sendWith: {}, resetCode: "ECONNRESET" },
  { name: "fetch", sendWith: { fetch: globalThis.fetch }, resetCode: "UND_ERR_SOCKET" },
];
