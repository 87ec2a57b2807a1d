/**
 * Settings that cannot work are refused when a client is created, naming the option and never
 * quoting a value, instead of turning into a 1 ms timeout, endless retries or a request that fails
 * later with the credential in its message.
 */
import { describe, expect, it } from "vitest";
import { createCesceClient } from "../../src/cesce/client.ts";
import { ConfigurationError, SdkError } from "../../src/core/errors.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { cesceCredentials, credentials } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
type Options = Record<string, unknown>;
const portal = (options: Options) => () =>
  createPartnersPortalClient({ baseUrl, credentials, ...options } as never);
const cesce = (options: Options) => () =>
  createCesceClient({
    baseUrl,
    tokenUrl: `${baseUrl}/token`,
    credentials: cesceCredentials,
    ...options,
  } as never);

/** The error `create` throws (or undefined). */
function thrownBy(create: () => unknown): unknown {
  try {
    create();
    return undefined;
  } catch (error) {
    return error;
  }
}

function expectRefused(create: () => unknown, field: string, secret?: string) {
  const error = thrownBy(create);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(error).toBeInstanceOf(SdkError);
  expect((error as Error).name).toBe("ConfigurationError");
  expect((error as Error).message.startsWith(field)).toBe(true);
  if (secret) expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(secret);
}

describe("client creation", () => {
  const badTimeouts = [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, "1000", null];
  it.each(badTimeouts)("refuses timeoutMs %s on both clients", (timeoutMs) => {
    expectRefused(portal({ timeoutMs }), "timeoutMs");
    expectRefused(cesce({ timeoutMs }), "timeoutMs");
  });

  const badRetries = [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "2", null];
  it.each(badRetries)("refuses maxRetries %s on both clients", (maxRetries) => {
    expectRefused(portal({ maxRetries }), "maxRetries");
    expectRefused(cesce({ maxRetries }), "maxRetries");
  });

  it("accepts the edges of the ranges", () => {
    expect(thrownBy(portal({ timeoutMs: 2 ** 31 - 1, maxRetries: 0 }))).toBeUndefined();
    expect(thrownBy(cesce({ timeoutMs: 1, maxRetries: 10 }))).toBeUndefined();
    expect(thrownBy(portal({ rateLimit: { requestsPerMinute: 1 } }))).toBeUndefined();
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, "100"])(
    "refuses rateLimit.requestsPerMinute %s",
    (requestsPerMinute) => {
      expectRefused(portal({ rateLimit: { requestsPerMinute } }), "rateLimit.requestsPerMinute");
    },
  );

  it.each([-1, Number.NaN])("refuses taxonomyCacheTtlMs %s", (taxonomyCacheTtlMs) => {
    expectRefused(portal({ taxonomyCacheTtlMs }), "taxonomyCacheTtlMs");
  });

  it.each(["clientId", "clientSecret", "brokerUid", "username"])(
    "refuses a Partners Portal %s past Latin-1 (it is sent as a header), never quoting it",
    (field) => {
      const value = "S3CR3T-ação-€";
      expectRefused(
        () =>
          createPartnersPortalClient({ baseUrl, credentials: { ...credentials, [field]: value } }),
        `credentials.${field}`,
        "S3CR3T",
      );
    },
  );

  it("accepts CESCE credentials past Latin-1: they travel in a form body", () => {
    const unicode = { ...cesceCredentials, username: "usuário-€", password: "pässwörd-🔑" };
    expect(thrownBy(cesce({ credentials: unicode }))).toBeUndefined();
  });

  it.each(["https://user:S3CR3T@api.example.com", "http://S3CR3T@127.0.0.1:9"])(
    "refuses a base URL or token URL with user info, never quoting it (%s)",
    (url) => {
      expectRefused(portal({ baseUrl: url }), "baseUrl", "S3CR3T");
      expectRefused(cesce({ baseUrl: url }), "baseUrl", "S3CR3T");
      expectRefused(cesce({ tokenUrl: url }), "tokenUrl", "S3CR3T");
    },
  );

  it("refuses a base URL that is not a URL without quoting it", () => {
    expectRefused(portal({ baseUrl: "not a url S3CR3T" }), "baseUrl", "S3CR3T");
  });

  it.each(["pt-PT\r\nX-Injected: 1", "pt\0PT", "pt-PT\n", "pt-€"])(
    "refuses the language %j at creation",
    (language) => {
      expectRefused(portal({ language }), "language");
    },
  );
});
