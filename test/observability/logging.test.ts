/**
 * `logger` and `logLevel`: what each level writes, the `BCTT_CESCE_LOG` override, and a logger
 * that fails without failing the call.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError } from "../../src/core/errors.ts";
import type { RateLimiter } from "../../src/core/rate-limit.ts";
import type { SdkEvent } from "../../src/core/transport.ts";
import type { LogLevel } from "../../src/observability/log-level.ts";
import { resolveLogLevel } from "../../src/observability/log-level.ts";
import {
  createPartnersPortalClient,
  type PartnersPortalOptions,
} from "../../src/partners-portal/client.ts";
import { credentials, json, portalServer, scriptedFetch } from "../helpers.ts";
import { captureLogger } from "./capture.ts";

const baseUrl = "http://127.0.0.1:9";
const lowQuota = { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "9" };

/** A portal whose genders answer 503 once, then 401 once, then with a low quota left. */
function portalWith(options: Partial<PartnersPortalOptions>) {
  let calls = 0;
  const api = portalServer(() => {
    calls++;
    if (calls === 1) return json({ error: "Busy", message: "busy" }, 503, { "retry-after": "0" });
    if (calls === 2) return json({ error: "Unauthorized", message: "expired" }, 401);
    return json([], 200, { ...lowQuota, "x-request-id": "req-42" });
  });
  const logger = captureLogger();
  const portal = createPartnersPortalClient({
    ...{ baseUrl, credentials, fetch: api.fetch, taxonomyCacheTtlMs: 0, tracing: false },
    logger,
    ...options,
  });
  return { portal, logger };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("logLevel", () => {
  it("writes at debug each response, retry, renewal and the quota, naming the operation", async () => {
    const { portal, logger } = portalWith({ logLevel: "debug", correlationId: "B12345678" });
    await portal.taxonomy.genders();
    const messages = logger.lines.map(([level, message]) => `${level} ${message}`);
    expect(messages).toEqual([
      expect.stringMatching(
        /^debug authenticate POST \/v1\/authentication: 200 \(attempt 1, \d+ ms\)$/,
      ),
      expect.stringMatching(
        /^debug getGenders GET \/v1\/taxonomy\/genders: 503 \(attempt 1, \d+ ms\)$/,
      ),
      "info getGenders GET /v1/taxonomy/genders: retrying in 0 ms after 503",
      expect.stringMatching(/^debug getGenders GET \/v1\/taxonomy\/genders: 401 \(attempt 2/),
      "info getGenders GET /v1/taxonomy/genders: 401, renewing the session or token and sending once more",
      expect.stringMatching(/^debug authenticate POST \/v1\/authentication: 200/),
      // The transport numbers attempts by retry: the replay after a 401 is not a retry.
      expect.stringMatching(/^debug getGenders GET \/v1\/taxonomy\/genders: 200 \(attempt 2/),
      "warn rate limit: 9 of 100 requests left",
    ]);
    expect(logger.lines[6]?.[2]).toMatchObject({
      operationId: "getGenders",
      template: "/v1/taxonomy/genders",
      status: 200,
      attempt: 2,
      requestId: "req-42",
      correlationId: "B12345678",
    });
  });

  it.each<[LogLevel, string[]]>([
    ["info", ["info", "info", "warn"]],
    ["warn", ["warn"]],
    ["error", []],
    ["off", []],
  ])("writes at %s only the lines of that level and quieter ones", async (logLevel, levels) => {
    const { portal, logger } = portalWith({ logLevel });
    await portal.taxonomy.genders();
    expect(logger.lines.map(([level]) => level)).toEqual(levels);
  });

  it('is "warn" by default', async () => {
    const { portal, logger } = portalWith({});
    await portal.taxonomy.genders();
    expect(logger.lines.map(([level]) => level)).toEqual(["warn"]);
  });

  it("is overridden by BCTT_CESCE_LOG", async () => {
    vi.stubEnv("BCTT_CESCE_LOG", "DEBUG");
    const { portal, logger } = portalWith({ logLevel: "off" });
    await portal.taxonomy.genders();
    expect(logger.lines).toHaveLength(8);
    expect(resolveLogLevel("info", "nonsense")).toBe("info");
  });

  it("writes an error line, with the correlation id, for a call that got no response", async () => {
    const logger = captureLogger();
    const api = scriptedFetch(() => Promise.reject(new TypeError("fetch failed")));
    const portal = createPartnersPortalClient({
      ...{ baseUrl, credentials, fetch: api.fetch, maxRetries: 0, tracing: false },
      ...{ logger, correlationId: () => "call-7" },
    });
    await expect(portal.taxonomy.genders()).rejects.toMatchObject({ correlationId: "call-7" });
    expect(logger.lines.map(([level, message]) => `${level} ${message}`)).toContain(
      "error getGenders GET /v1/taxonomy/genders: failed (ConnectionError)",
    );
    expect(logger.lines[1]?.[2]).toMatchObject({ correlationId: "call-7" });
  });

  it("writes at debug each wait for a slot of the client-side rate limit", async () => {
    const events: SdkEvent[] = [];
    // A limiter whose second slot comes 60 ms late (the client's own would need a real window).
    let slots = 0;
    const rateLimit: RateLimiter = {
      acquire: async () => {
        if (++slots === 2) await new Promise((resolve) => setTimeout(resolve, 60));
        return () => undefined;
      },
    };
    const { portal, logger } = portalWith({
      ...{ logLevel: "debug", rateLimit },
      onEvent: (event) => events.push(event),
    });
    await portal.taxonomy.genders().catch(() => undefined);
    await portal.taxonomy.countries().catch(() => undefined);
    const waits = logger.lines.filter(([, message]) => message.startsWith("rate limit: waited"));
    expect(waits.length).toBeGreaterThan(0);
    expect(new Set(waits.map(([level]) => level))).toEqual(new Set(["debug"]));
    expect(waits.at(-1)?.[1]).toMatch(/^rate limit: waited \d+ ms for a slot$/);
    const waited = events.flatMap((e) => (e.type === "rate-limit-wait" ? [e.waitedMs] : []));
    expect(Math.max(...waited)).toBeGreaterThanOrEqual(55);
  });

  it("does not fail a call when the logger throws", async () => {
    const failing = { debug: fail, info: fail, warn: fail, error: fail };
    const { portal } = portalWith({ logger: failing, logLevel: "debug" });
    await expect(portal.taxonomy.genders()).resolves.toEqual([]);
    function fail(): never {
      throw new Error("logger down");
    }
  });

  it("refuses an unknown level, a logger without the four methods, a non-boolean tracing", () => {
    const create = (options: object) => () =>
      createPartnersPortalClient({ baseUrl, credentials, ...options });
    expect(create({ logLevel: "verbose" })).toThrow(ConfigurationError);
    expect(create({ logger: { info() {} } })).toThrow(/logger.debug must be a function/);
    expect(create({ tracing: "yes" })).toThrow(ConfigurationError);
  });
});
