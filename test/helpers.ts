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
      // The SDK calls fetch(request, { headers, signal }): the init applies over the request.
      const request =
        input instanceof Request && init === undefined ? input : new Request(input, init);
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

/** A clock the test moves by hand. */
export function manualClock(start: number) {
  let time = start;
  return {
    now: () => time,
    set: (next: number) => {
      time = next;
    },
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/** CESCE credentials for tests that need valid ones and do not scan for secrets. */
export const cesceCredentials = {
  clientId: "app-id",
  clientSecret: "app-secret",
  username: "insured",
  password: "password",
};

/** CESCE credentials marked SECRET4–7, for tests that scan what was sent or shown for them. */
export const cesceSecrets = {
  clientId: "app-id-SECRET4",
  clientSecret: "app-secret-SECRET5",
  username: "insured-SECRET6",
  password: "password-SECRET7",
};

export const credentials = {
  clientId: "client-id-SECRET1",
  clientSecret: "client-secret-SECRET2",
  brokerUid: "0b8f4a52-2f6e-4c1d-9a3b-5e7c9d1f2a4b",
  username: "user-SECRET3@example.com",
};

/** The real `setImmediate`, captured before any test installs fake timers. */
const realSetImmediate = setImmediate;

/**
 * Lets pending promise chains run, one real event-loop turn at a time (fake timers do not stop
 * it), until `condition` holds; throws when it never does.
 */
export async function until(condition: () => boolean, turns = 200): Promise<void> {
  for (let turn = 0; turn < turns && !condition(); turn++) {
    await new Promise((resolve) => realSetImmediate(resolve));
  }
  if (!condition()) throw new Error(`condition not reached after ${turns} turns`);
}

/** The numbered session token a `portalServer` hands out. */
export const sessionTokenFor = (n: number) => `session-token-${n}`;

/**
 * A Partners Portal whose Authenticate hands out numbered tokens (`sessionTokenFor`) and whose
 * other routes `route` answers, given the bearer token the request carried.
 */
export function portalServer(
  route: (request: Request, token: string) => Response | Promise<Response>,
): ScriptedFetch {
  let sessions = 0;
  return scriptedFetch((request) => {
    if (new URL(request.url).pathname === "/v1/authentication")
      return json({ sessionToken: sessionTokenFor(++sessions) });
    return route(request, request.headers.get("authorization")?.replace("Bearer ", "") ?? "");
  });
}

/**
 * What `promise` settles to when it needs no timer to fire; throws at once (rather than letting
 * the test time out) when it is still pending, e.g. waiting on a fake timer.
 */
export async function withoutWaiting<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  tracked.catch(() => undefined);
  await until(() => settled).catch(() => {
    throw new Error("still pending: it waits for a timer");
  });
  return tracked;
}

/** A genders taxonomy, as a server would send it. */
export const taxonomyGenders = [{ id: 1, description: "Masculino" }];

/** A Partners Portal that authenticates anyone and answers every other request with `taxonomyGenders`. */
export function taxonomyServer(): ScriptedFetch {
  return scriptedFetch((request) =>
    new URL(request.url).pathname === "/v1/authentication"
      ? json({ sessionToken: "t" })
      : json(taxonomyGenders),
  );
}
