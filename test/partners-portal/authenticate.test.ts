/**
 * Authenticate through the Partners Portal client: answers that hold no usable token, callers
 * that abort while the session is being acquired, and a session store that hangs.
 */
import { describe, expect, it } from "vitest";
import { SdkError } from "../../src/core/errors.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import type { SessionStore } from "../../src/partners-portal/session.ts";
import { credentials, json, scriptedFetch, until } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const simulations = "/v1/simulations" as const;
const isAuthenticate = (request: Request) => new URL(request.url).pathname === "/v1/authentication";

/** A portal whose first Authenticate answers `first`, later ones good tokens. */
function portalAnsweringFirst(first: () => Response) {
  let authentications = 0;
  return scriptedFetch((request) => {
    if (!isAuthenticate(request)) return json([]);
    authentications++;
    return authentications === 1 ? first() : json({ sessionToken: `session-${authentications}` });
  });
}

describe("Authenticate answers", () => {
  it.each([
    ["{}", () => json({})],
    ["null", () => json(null)],
    ["204", () => new Response(null, { status: 204 })],
    ["a numeric sessionToken", () => json({ sessionToken: 42 })],
    ["a sessionToken with a NUL", () => json({ sessionToken: "not\u0000a header value" })],
    ["a sessionToken past Latin-1", () => json({ sessionToken: "tök€n" })],
  ])(
    "ends in SdkError (never TypeError) on %s, and the next call authenticates again",
    async (_, first) => {
      const api = portalAnsweringFirst(first);
      const client = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
      const error = await client.GET(simulations).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SdkError);
      expect(error).not.toBeInstanceOf(TypeError);
      expect(api.requests.filter((r) => !isAuthenticate(r))).toHaveLength(0);
      const { response } = await client.GET(simulations);
      expect(response.status).toBe(200);
      expect(api.requests.filter(isAuthenticate)).toHaveLength(2);
      expect(api.requests.at(-1)?.headers.get("authorization")).toBe("Bearer session-2");
    },
  );
});

describe("aborts while the session is acquired", () => {
  it("sends nothing, not even Authenticate, for a signal already aborted", async () => {
    const api = portalAnsweringFirst(() => json({ sessionToken: "session-1" }));
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    const reason = new Error("aborted before the call");
    await expect(client.GET(simulations, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(api.requests).toHaveLength(0);
  });

  it("rejects the aborting caller at once and lets the others share the authentication", async () => {
    let answer!: (response: Response) => void;
    const api = scriptedFetch((request) =>
      isAuthenticate(request)
        ? new Promise<Response>((resolve) => {
            answer = resolve;
          })
        : json([]),
    );
    const client = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    const leaving = new AbortController();
    const outcomes: string[] = [];
    const a = client.GET(simulations, { signal: leaving.signal }).then(
      () => outcomes.push("a resolved"),
      (e: unknown) => outcomes.push(e === reason ? "a aborted" : `a failed: ${e}`),
    );
    const b = client.GET(simulations).then(({ response }) => outcomes.push(`b ${response.status}`));
    await until(() => api.requests.length === 1);
    const reason = new Error("A gave up");
    leaving.abort(reason);
    await until(() => outcomes.length === 1);
    expect(outcomes).toEqual(["a aborted"]);
    answer(json({ sessionToken: "session-1" }));
    await Promise.all([a, b]);
    expect(outcomes).toEqual(["a aborted", "b 200"]);
    expect(api.requests.filter(isAuthenticate)).toHaveLength(1);
  });

  it("rejects with the caller's reason while the session store hangs", async () => {
    const api = portalAnsweringFirst(() => json({ sessionToken: "session-1" }));
    const hung: SessionStore = {
      get: () => new Promise(() => undefined),
      set: () => undefined,
      delete: () => undefined,
    };
    const client = createPartnersPortalClient({
      baseUrl,
      credentials,
      fetch: api.fetch,
      sessionStore: hung,
    });
    const controller = new AbortController();
    const call = client.GET(simulations, { signal: controller.signal });
    const reason = new Error("store too slow");
    setTimeout(() => controller.abort(reason), 20);
    await expect(call).rejects.toBe(reason);
    expect(api.requests).toHaveLength(0);
  });
});
