/**
 * The one redaction place: every secret the SDK handles (the client secret, CESCE's password,
 * the session token, the access token and the refresh token) is fed through every log level, by
 * real calls that make every kind of line, and by events whose every field holds one. The
 * request id and correlation id are the only free text a line keeps (the server's and the
 * caller's values, there to be quoted): they are fed the client's own credentials.
 */
import { describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { renewalMarginMs } from "../../src/cesce/token-response.ts";
import type { SdkEvent } from "../../src/core/transport.ts";
import { createEventLog } from "../../src/observability/event-log.ts";
import type { LogLevel } from "../../src/observability/log-level.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, scriptedFetch } from "../helpers.ts";
import { captureLogger } from "./capture.ts";

const baseUrl = "http://127.0.0.1:9";
// A session token is a JWT holding the client secret in clear (api-facts.md).
const sessionToken = "eyJhbGciOiJIUzI1NiJ9.eyJ4Q2xpZW50U2VjcmV0Ijoic2VjcmV0In0.SESSION-sig";
const accessToken = "access-token-SECRET8";
const refreshToken = "refresh-token-SECRET9";
const cesceCredentials = {
  clientId: "app-id",
  clientSecret: "cesce-secret-SECRET5",
  username: "insured",
  password: "cesce-password-SECRET7",
};
const secrets = [
  credentials.clientSecret,
  cesceCredentials.clientSecret,
  cesceCredentials.password,
  sessionToken,
  accessToken,
  refreshToken,
];
const levels: LogLevel[] = ["debug", "info", "warn", "error"];
const quota = { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "1" };

/** A portal call that authenticates, retries, renews its session, sees a low quota, then fails. */
async function portalLines(logLevel: LogLevel) {
  let calls = 0;
  const api = scriptedFetch((request) => {
    if (request.url.endsWith("/v1/authentication")) return json({ sessionToken });
    calls++;
    if (calls === 1)
      return json({ error: "Busy", message: sessionToken }, 503, { "retry-after": "0" });
    if (calls === 2) return json({ error: "Unauthorized", message: "expired" }, 401);
    if (calls === 3) return json([], 200, quota);
    return Promise.reject(new TypeError(`connect failed ${sessionToken}`));
  });
  const logger = captureLogger();
  const portal = createPartnersPortalClient({
    ...{ baseUrl, credentials, fetch: api.fetch, taxonomyCacheTtlMs: 0, maxRetries: 1 },
    ...{ logger, logLevel, authHeaders: "both", tracing: false },
  });
  await portal.taxonomy.genders();
  await portal.taxonomy.countries().catch(() => undefined);
  return logger;
}

/** A CESCE client that uses its password, an access token, a 401 and its refresh token. */
async function cesceLines(logLevel: LogLevel) {
  let now = 1_000_000;
  const api = scriptedFetch((request) => {
    if (request.url.endsWith("/token"))
      return json({
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: 60,
        refresh_token: refreshToken,
      });
    if (request.headers.get("authorization") === `Bearer ${accessToken}` && now === 1_000_000)
      return json({ httpCode: "401", httpMessage: accessToken }, 401, quota);
    return json({ error: { errorCode: "0", errorDescription: "" }, debtor: [] });
  });
  const logger = captureLogger();
  const realNow = Date.now;
  Date.now = () => now;
  try {
    const cesce = createCesceClient({
      ...{ baseUrl: `${baseUrl}/v1`, tokenUrl: `${baseUrl}/token`, credentials: cesceCredentials },
      ...{ fetch: api.fetch, logger, logLevel, validateRequests: false, tracing: false },
    });
    const query = () =>
      cesce.GET("/contracts/{contractNo}/classifications", {
        params: { path: { contractNo: "1" } },
      });
    await query();
    now += 60_000 - renewalMarginMs(60_000) + 1;
    await query(); // renews with the refresh token
  } finally {
    Date.now = realNow;
  }
  return logger;
}

describe("log redaction", () => {
  it.each(levels)(
    "writes no secret at %s, from calls that make every kind of line",
    async (level) => {
      const portal = await portalLines(level);
      const cesce = await cesceLines(level);
      const written = portal.text() + cesce.text();
      expect(portal.lines.some(([line]) => line === level)).toBe(true);
      for (const secret of secrets) expect(written).not.toContain(secret);
    },
  );

  it.each(levels)("drops a secret from any field of any event at %s", (level) => {
    const logger = captureLogger();
    const listed = new Set(["getGenders", "/v1/taxonomy/genders"]);
    const redaction = {
      credentials: [credentials.clientSecret, cesceCredentials.password],
      listed,
    };
    const log = createEventLog({ logger, logLevel: level }, redaction);
    for (const secret of secrets) {
      const call = {
        method: "GET",
        path: `/v1/x/${secret}`,
        template: `/v1/${secret}`,
        operationId: secret,
      };
      const extra = {
        headers: { authorization: secret },
        body: secret,
        token: secret,
        url: `/?t=${secret}`,
      };
      const events = [
        {
          type: "response",
          ...call,
          attempt: 1,
          status: 200,
          durationMs: 1,
          requestId: credentials.clientSecret,
          ...extra,
        },
        {
          type: "retry",
          ...call,
          attempt: 1,
          delayMs: 0,
          reason: secret,
          correlationId: cesceCredentials.password,
          ...extra,
        },
        { type: "reauthenticate", ...call, ...extra },
        { type: "quota", ...call, limit: 100, remaining: 1, ...extra },
        {
          type: "shared-state",
          part: "session",
          key: secret,
          available: false,
          reason: secret,
          ...extra,
        },
      ] as unknown as SdkEvent[];
      for (const event of events) log.event(event);
      log.failure({ ...call, correlationId: credentials.clientSecret }, { name: secret });
    }
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(logger.text()).not.toContain(secret);
  });
});
