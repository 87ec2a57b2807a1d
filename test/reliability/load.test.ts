/**
 * Load on a real loopback server: many concurrent requests while the session lapses. The server
 * counts what it processed, so a lost or duplicated request shows as a count other than one.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { SdkEvent } from "../../src/core/transport.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials } from "../helpers.ts";
import {
  closeFaultServers,
  portal,
  sendJson,
  sessionExpired,
  startFaultServer,
} from "./fault-server.ts";

afterEach(closeFaultServers);

const authPath = "/v1/authentication";
const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("createPartnersPortalClient under load", () => {
  it("re-authenticates exactly once for 200 concurrent requests while the session lapses, losing and duplicating none", async () => {
    const total = 200;
    const servedBeforeLapse = 50;
    /** What the server processed, by "<METHOD> <process id>": each must be exactly 1. */
    const processed = new Map<string, number>();
    let refused = 0;
    let lapsed = false;
    const server = await startFaultServer(
      portal((hit, res) => {
        if (hit.token === "session-token-1" && lapsed) {
          refused++;
          return sendJson(res, 401, sessionExpired);
        }
        const id = hit.path.split("/")[3] ?? "";
        const key = `${hit.method} ${id}`;
        processed.set(key, (processed.get(key) ?? 0) + 1);
        // The session lapses in the middle of the burst, with the rest of it in flight.
        if (processed.size === servedBeforeLapse + 1) lapsed = true;
        if (hit.method === "POST") {
          const { subject } = JSON.parse(hit.body) as { subject: string };
          return sendJson(res, 200, { operationStatus: { operationStatusMessage: subject } });
        }
        return sendJson(res, 200, { processUniqueID: id });
      }),
    );
    const events: SdkEvent[] = [];
    const client = createPartnersPortalClient({
      baseUrl: server.url,
      credentials,
      maxRetries: 0,
      timeoutMs: 10_000,
      onEvent: (event) => events.push(event),
    });
    // Warm up: the session exists before the burst.
    const warm = await client.GET("/v1/processes/{processUniqueId}", {
      params: { path: { processUniqueId: idOf(total) } },
    });
    expect(warm.response.status).toBe(200);

    const calls = Array.from({ length: total }, (_, n) => {
      const processUniqueId = idOf(n);
      const params = { path: { processUniqueId } };
      // Half are POSTs, which must never be processed twice.
      return n % 2 === 0
        ? client
            .GET("/v1/processes/{processUniqueId}", { params })
            .then(({ data, response }) => ({ n, status: response.status, echo: data }))
        : client
            .POST("/v1/processes/{processUniqueId}/message", {
              params,
              body: { subject: processUniqueId, text: "t" },
            })
            .then(({ data, response }) => ({ n, status: response.status, echo: data }));
    });
    const results = await Promise.all(calls);

    // Every caller got its own answer.
    for (const { n, status, echo } of results) {
      expect(status).toBe(200);
      expect(JSON.stringify(echo)).toContain(idOf(n));
    }
    // The server processed every request exactly once: none lost, none duplicated.
    expect(processed.size).toBe(total + 1);
    expect([...processed.values()].every((count) => count === 1)).toBe(true);
    // Exactly one re-authentication, although every refused request asked for one.
    expect(server.count(authPath)).toBe(2);
    expect(refused).toBe(total - servedBeforeLapse);
    expect(events.filter((e) => e.type === "reauthenticate")).toHaveLength(refused);
    expect(server.hits).toHaveLength(2 + 1 + total + refused);
  });
});
