/**
 * A loopback Partners Portal and CESCE for the fleet tests, on the reliability suite's fault
 * server: it counts authentications, password grants and refreshes, refuses sessions it has
 * revoked and tokens past their lifetime, and records every call it served with its arrival
 * time and the `x-call-id` the worker gave it, so a call served twice or never shows.
 */
import {
  type FaultServer,
  type Hit,
  sendJson,
  startFaultServer,
} from "../../reliability/fault-server.ts";

export interface FleetApi {
  url: string;
  /** Authenticate calls, password grants and refresh grants received. */
  readonly counts: { authentications: number; passwordGrants: number; refreshGrants: number };
  /** Calls answered 200, in arrival order (`at` is the server's `performance.now()`). */
  readonly served: { callId: string; at: number }[];
  /** Refuses every session issued so far, as after 30 minutes of inactivity. */
  lapseSessions(): void;
  /** The lifetime (`expires_in`, seconds) of the access tokens issued from now on. */
  tokenLifetimeS: number;
  server: FaultServer;
}

const refused = { error: "Unauthorized", message: "Invalid or expired token" };

export async function startFleetApi(): Promise<FleetApi> {
  const counts = { authentications: 0, passwordGrants: 0, refreshGrants: 0 };
  const served: FleetApi["served"] = [];
  const sessions = new Set<string>();
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();

  function issueToken(res: Parameters<typeof sendJson>[0]) {
    const n = counts.passwordGrants + counts.refreshGrants;
    accessTokens.set(`access-token-${n}`, performance.now() + api.tokenLifetimeS * 1000);
    refreshTokens.add(`refresh-token-${n}`);
    sendJson(res, 200, {
      access_token: `access-token-${n}`,
      token_type: "Bearer",
      expires_in: api.tokenLifetimeS,
      refresh_token: `refresh-token-${n}`,
    });
  }

  function serve(hit: Hit, res: Parameters<typeof sendJson>[0], allowed: boolean, body: unknown) {
    if (!allowed) return sendJson(res, 401, refused);
    served.push({ callId: String(hit.headers["x-call-id"]), at: hit.at });
    sendJson(res, 200, body);
  }

  const server = await startFaultServer((hit, res) => {
    if (hit.method === "POST" && hit.path === "/v1/authentication") {
      const token = `session-token-${++counts.authentications}`;
      sessions.add(token);
      return sendJson(res, 200, { sessionToken: token });
    }
    if (hit.method === "POST" && hit.path === "/oauth2/v1/token") {
      const form = new URLSearchParams(hit.body);
      if (form.get("grant_type") === "password") counts.passwordGrants++;
      else if (refreshTokens.has(form.get("refresh_token") ?? "")) counts.refreshGrants++;
      else return sendJson(res, 400, { error: "invalid_grant" });
      return issueToken(res);
    }
    if (hit.path === "/v1/taxonomy/genders")
      return serve(hit, res, sessions.has(hit.token), [{ id: 1, description: "Masculino" }]);
    if (hit.path.endsWith("/classifications")) {
      const expiresAt = accessTokens.get(hit.token);
      return serve(hit, res, expiresAt !== undefined && performance.now() < expiresAt, {
        error: { errorCode: "0" },
      });
    }
    sendJson(res, 404, { error: "Not Found", message: hit.path });
  });

  const api: FleetApi = {
    url: server.url,
    counts,
    served,
    lapseSessions: () => sessions.clear(),
    tokenLifetimeS: 3600,
    server,
  };
  return api;
}
