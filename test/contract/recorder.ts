/**
 * A `fetch` that sends for real and keeps a transcript: what the SDK actually put on the wire,
 * including the Authenticate and token requests it makes on its own. Coverage is computed from
 * this transcript, not from the list of tests.
 */

/** One request the SDK sent and the status it got (0 when no response came back). */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  /** The request's `Prefer` header: a steered Prism answer does not count as a call. */
  prefer: string | null;
}

export interface Recorder {
  fetch: typeof fetch;
  exchanges: Exchange[];
}

export function recordingFetch(): Recorder {
  const exchanges: Exchange[] = [];
  const recorded = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const exchange = {
      method: request.method,
      url: request.url,
      status: 0,
      prefer: request.headers.get("prefer"),
    };
    exchanges.push(exchange);
    const response = await globalThis.fetch(request);
    exchange.status = response.status;
    return response;
  };
  return { fetch: recorded as typeof fetch, exchanges };
}
