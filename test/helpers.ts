/** A scripted `fetch`: answers each request with the handler's response and records what it saw. */
export interface ScriptedFetch {
  fetch: typeof fetch;
  requests: Request[];
  /** Requests whose path ends with `suffix`. */
  to(suffix: string): Request[];
}

export function scriptedFetch(
  handler: (request: Request, seen: number) => Response | Promise<Response>,
): ScriptedFetch {
  const requests: Request[] = [];
  return {
    requests,
    to: (suffix) => requests.filter((r) => new URL(r.url).pathname.endsWith(suffix)),
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      requests.push(request);
      return handler(request, requests.length);
    }) as typeof fetch,
  };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

export const credentials = {
  clientId: "client-id-SECRET1",
  clientSecret: "client-secret-SECRET2",
  brokerUid: "0b8f4a52-2f6e-4c1d-9a3b-5e7c9d1f2a4b",
  username: "user-SECRET3@example.com",
};
