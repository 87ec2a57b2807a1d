/**
 * An OAuth 2.0 access token that manages itself: obtained with the resource owner password
 * credentials grant (RFC 6749 §4.3), cached until a margin before `expires_in`, renewed with the
 * refresh token first when one was issued (§6), shared by concurrent callers.
 *
 * RFC 9700 §2.4 says the password grant MUST NOT be used, because the client sees the user's
 * password. CESCE's API offers no other grant, so this SDK uses it, and keeps the password in a
 * closure that no error, event or log line can reach.
 */
import { apiErrorFrom } from "../core/api-error-from.js";
import { isBearerToken } from "../core/config.js";
import { OAuthError } from "../core/errors.js";
import { createLease, type LeaseStore, renewalMargin } from "../core/lease.js";
import { memoryStore } from "../core/memory-store.js";
import type { TokenSource } from "../core/transport.js";

export interface OAuthCredentials {
  /** The app's `client_id`. */
  clientId: string;
  /** The app's `client_secret`. */
  clientSecret: string;
  /** The user's `username`. */
  username: string;
  /** The user's `password`. */
  password: string;
}

/** What a token store holds. Timestamps are milliseconds since the epoch. */
export interface StoredToken {
  accessToken: string;
  expiresAt: number;
  /** When to renew: `expiresAt` less a margin that scales with the lifetime. */
  renewAt: number;
  refreshToken?: string;
}

/** Where the token is kept; implement it over a shared cache to share one token between processes. */
export type TokenStore = LeaseStore<StoredToken>;

export interface TokenProviderOptions {
  tokenUrl: string;
  credentials: OAuthCredentials;
  /** Space-separated scopes. */
  scope: string;
  /** Sends the token request (the SDK's transport: retries and timeouts apply). */
  fetch: (request: Request) => Promise<Response>;
  store?: TokenStore;
  now?: () => number;
}

/** `expires_in` is only RECOMMENDED (RFC 6749 §5.1); without it, assume API Connect's default. */
const defaultLifetimeMs = 3_600_000;

/** Renew a tenth of the lifetime early, at most five minutes: a short token is never renewed at once. */
export function renewalMarginMs(lifetimeMs: number): number {
  return renewalMargin(lifetimeMs, 300_000);
}

type TokenBody = {
  access_token?: unknown;
  expires_in?: unknown;
  refresh_token?: unknown;
  error?: unknown;
  error_description?: unknown;
};

/** The token response's JSON object; `{}` for anything else (no body, `null`, not JSON). */
async function readBody(response: Response): Promise<TokenBody> {
  try {
    const body: unknown = await response.json();
    return typeof body === "object" && body !== null ? (body as TokenBody) : {};
  } catch {
    return {};
  }
}

const isTime = (value: unknown) => typeof value === "number" && Number.isFinite(value);

/** Whether a stored value is a token this SDK wrote; anything else is discarded. */
function isStoredToken(value: unknown): value is StoredToken {
  if (typeof value !== "object" || value === null) return false;
  const { accessToken, expiresAt, renewAt, refreshToken } = value as Record<string, unknown>;
  return (
    isBearerToken(accessToken) &&
    isTime(expiresAt) &&
    isTime(renewAt) &&
    (refreshToken === undefined || typeof refreshToken === "string")
  );
}

export function createTokenProvider(options: TokenProviderOptions): TokenSource {
  const now = options.now ?? Date.now;
  const { clientId, clientSecret, username, password } = options.credentials;

  async function grant(
    fields: Record<string, string>,
    signal: AbortSignal,
    keptRefreshToken?: string,
  ): Promise<StoredToken> {
    const body = new URLSearchParams({
      ...fields,
      client_id: clientId,
      client_secret: clientSecret,
    });
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    const response = await options.fetch(
      new Request(options.tokenUrl, { method: "POST", headers, body, signal }),
    );
    const json = await readBody(response);
    const description =
      typeof json.error_description === "string" ? json.error_description : undefined;
    if (!response.ok && typeof json.error === "string") {
      throw new OAuthError(response.status, json.error, description);
    }
    if (!response.ok) {
      // Not an RFC 6749 §5.2 answer (a gateway's 5xx, say): an ApiError like any other call's.
      throw apiErrorFrom(response, json, {
        method: "POST",
        path: new URL(options.tokenUrl).pathname,
      });
    }
    if (!isBearerToken(json.access_token)) {
      // Never stored: a token that cannot be sent would fail every call until it expired.
      throw new OAuthError(
        response.status,
        "invalid_response",
        "the token response has no access_token that can be sent",
      );
    }
    const seconds = Number(json.expires_in);
    const lifetimeMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultLifetimeMs;
    const issuedAt = now();
    // A refresh response may omit refresh_token; the one we had stays valid then (RFC 6749 §6).
    const refreshToken =
      typeof json.refresh_token === "string" ? json.refresh_token : keptRefreshToken;
    return {
      accessToken: json.access_token,
      expiresAt: issuedAt + lifetimeMs,
      renewAt: issuedAt + lifetimeMs - renewalMarginMs(lifetimeMs),
      ...(refreshToken ? { refreshToken } : {}),
    };
  }

  const lease = createLease<StoredToken>({
    store: options.store ?? memoryStore<StoredToken>(),
    storeName: "token store",
    isValid: isStoredToken,
    isFresh: (token) => now() < token.renewAt,
    async acquire(stale, signal) {
      if (stale?.refreshToken) {
        try {
          return await grant(
            { grant_type: "refresh_token", refresh_token: stale.refreshToken },
            signal,
            stale.refreshToken,
          );
        } catch (error) {
          // invalid_grant: the refresh token expired or was revoked; the password grant still works.
          if (!(error instanceof OAuthError && error.error === "invalid_grant")) throw error;
        }
      }
      return grant({ grant_type: "password", username, password, scope: options.scope }, signal);
    },
  });

  return {
    token: async (signal) => (await lease.get(signal)).accessToken,
    current: () => lease.peek()?.accessToken,
    invalidate: (accessToken) => lease.invalidate((token) => token.accessToken === accessToken),
  };
}
